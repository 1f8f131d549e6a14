"""Request bodies are capped before they are stored: a file over the upload limit is refused while it
streams in, never spooled whole to a temporary file first.

Two guards, both answering 413 with the limit and the file named, having changed nothing:

- :class:`RequestSizeMiddleware` refuses a request whose declared ``Content-Length`` is over
  ``GIA_MAX_REQUEST_BYTES`` before anything reads its body;
- :class:`LimitedUploadHandler`, the first of Django's upload handlers, counts each file's bytes as they
  arrive (also when the length was not declared, as with chunked transfer) and stops the upload at
  ``GIA_MAX_UPLOAD_BYTES``; the part already written to a temporary file is removed with it.

The reverse proxy in front of GIA should cap bodies at the same size (README, production).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

REFUSED = "_gia_upload_refused"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.0f}" if size >= 10e6 else f"{size / 1e6:.1f}"


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file and stops the upload past the platform's limit."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.GIA_MAX_UPLOAD_BYTES:
            setattr(self.request, REFUSED, self.file_name or self.field_name)
            raise StopUpload(connection_reset=False)  # the rest of the body is read and discarded
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large(request: HttpRequest, name: str | None, size: int | None) -> HttpResponse:
    """413: what was too large, how large it may be; nothing was saved."""
    limit = settings.GIA_MAX_UPLOAD_BYTES
    if name:
        message = _("{name} is larger than {limit} MB, the largest file GIA accepts. Nothing was saved.").format(
            name=name, limit=_megabytes(limit)
        )
    else:
        message = _(
            "The upload is {size} MB; GIA accepts files of at most {limit} MB. Nothing was saved."
        ).format(size=_megabytes(size or 0), limit=_megabytes(limit))
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            {"detail": message, "source": name or "", "problems": [{"place": name or "", "message": message}]},
            status=413,
        )
    referrer = request.META.get("HTTP_REFERER", "")
    back = referrer if url_has_allowed_host_and_scheme(referrer, {request.get_host()}) else ""
    return render(request, "413.html", {"message": message, "back": back}, status=413)


class RequestSizeMiddleware:
    """Refuses a body declared larger than ``GIA_MAX_REQUEST_BYTES`` unread, and answers an upload the
    handler stopped with 413 before the view sees a request with the file missing. Comes after the
    authentication and the language (its page speaks the user's language); no middleware before it
    reads the body (the CSRF check reads the form's fields in ``process_view``, after every ``__call__``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.GIA_MAX_REQUEST_BYTES:
            return too_large(request, None, declared)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.FILES  # noqa: B018  (reads the body through the upload handlers)
            refused = getattr(request, REFUSED, None)
            if refused:
                return too_large(request, refused, None)
        return None
