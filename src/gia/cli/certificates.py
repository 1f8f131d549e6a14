"""``gia certificate``: generate the signing key, issue signed certificates, verify them offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.markup import escape
from rich.table import Table

from gia import i18n
from gia.certificates.document import CertificateRecord, sign_record
from gia.certificates.keys import generate_keys, load_certificate, load_private_key, public_key_id
from gia.certificates.pdf import render_pdf, sign_pdf
from gia.certificates.verify import Verdict, read_certificate, verify_file
from gia.cli.common import Lang, _fail, app, console, errors
from gia.errors import GiaInputError
from gia.i18n import _

certificate_app = typer.Typer(
    help="Signed certificates: the signing key, issuing, offline verification.", no_args_is_help=True
)
app.add_typer(certificate_app, name="certificate")


@certificate_app.command("keygen")
def keygen(
    out: Annotated[
        Path, typer.Option("--out", help="Directory for gia-signing-key.pem and gia-signing-cert.pem.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing key.")] = False,
    common_name: Annotated[
        str, typer.Option("--common-name", help="Name of the certification body in the certificate.")
    ] = "GIA certification body",
    valid_years: Annotated[
        int, typer.Option("--valid-years", help="Validity of the certificate [years].")
    ] = 10,
    lang: Lang = "en",
) -> None:
    """Generate the certification body's Ed25519 signing key and its self-signed certificate."""
    i18n.activate(lang)
    try:
        files = generate_keys(out, common_name=common_name, valid_years=valid_years, force=force)
    except GiaInputError as error:
        _fail(error)
        return
    console.print(
        _("private key (keep it secret, never commit it): {path}").format(path=escape(str(files.private_key)))
    )
    console.print(_("certificate (publish it): {path}").format(path=escape(str(files.certificate))))
    console.print(_("key id: {key_id}").format(key_id=files.key_id))


def _read_record(path: Path) -> CertificateRecord:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GiaInputError(
            str(path), [("", _("cannot read the file: {reason}").format(reason=error))]
        ) from error
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise GiaInputError(
            str(path), [("", _("not valid JSON or YAML: {reason}").format(reason=error))]
        ) from error
    if isinstance(data, dict) and "certificate" in data and "schema" in data:
        data = data["certificate"]  # a signed document: sign its certificate again (e.g. a new key)
    if isinstance(data, dict):  # YAML reads dates as dates; the record takes ISO texts
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    return CertificateRecord.from_dict(data, str(path))


@certificate_app.command("issue")
def issue(
    record_file: Annotated[
        Path, typer.Argument(help="The certificate's fields as JSON or YAML (number, area_id, level, ...).")
    ],
    key: Annotated[
        Path, typer.Option("--key", envvar="GIA_SIGNING_KEY", help="The private key (gia-signing-key.pem).")
    ],
    cert: Annotated[
        Path,
        typer.Option("--cert", envvar="GIA_SIGNING_CERT", help="Its certificate (gia-signing-cert.pem)."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Directory for NUMBER.json and NUMBER.pdf.")] = Path("."),
    lang: Lang = "en",
) -> None:
    """Sign a certificate: the JSON document (Ed25519) and the PDF with a QR code (PAdES)."""
    i18n.activate(lang)
    try:
        record = _read_record(record_file)
        private_key, certificate = load_private_key(key), load_certificate(cert)
        signed = sign_record(record, private_key)
        pdf = sign_pdf(render_pdf(record, lang, signed), private_key, certificate)
        stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in record.number)
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{stem}.json").write_bytes(signed.to_json())
            (out / f"{stem}.pdf").write_bytes(pdf)
        except OSError as error:
            raise GiaInputError(
                str(out), [("", _("cannot write: {reason}").format(reason=error.strerror))]
            ) from error
    except GiaInputError as error:
        _fail(error)
        return
    console.print(
        _("signed certificate {number}: {json}, {pdf}").format(
            number=escape(record.number),
            json=escape(str(out / f"{stem}.json")),
            pdf=escape(str(out / f"{stem}.pdf")),
        ),
        soft_wrap=True,
    )
    console.print(_("key id: {key_id}").format(key_id=public_key_id(private_key.public_key())))


@certificate_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="The certificate: a PDF or a signed JSON document.")],
    public_key: Annotated[
        Path,
        typer.Option("--public-key", help="The published certificate (gia-signing-cert.pem) or public key."),
    ],
    lang: Lang = "en",
) -> None:
    """Say whether a certificate is authentic and unaltered (offline, against the published key)."""
    i18n.activate(lang)
    try:
        verdict = verify_file(file, public_key)
    except GiaInputError as error:
        _fail(error)
        return
    _print_verdict(file, verdict)
    if not verdict.ok:
        raise typer.Exit(code=1)


def _print_verdict(file: Path, verdict: Verdict) -> None:
    if verdict.ok:
        console.print(f"[bold green]{escape(str(file))}[/]: {escape(verdict.message)}", soft_wrap=True)
    else:
        errors.print(
            f"[bold red]{escape(str(file))}[/]: "
            + escape(_("NOT verified"))
            + f" — {escape(verdict.message)}",
            soft_wrap=True,
        )


@certificate_app.command("show")
def show(
    file: Annotated[
        Path, typer.Argument(help="A signed JSON certificate, or a PDF certificate with it attached.")
    ],
    public_key: Annotated[
        Path | None, typer.Option("--public-key", help="Verify too, against this published key.")
    ] = None,
    lang: Lang = "en",
) -> None:
    """Print a certificate's fields (and, with --public-key, whether it verifies)."""
    i18n.activate(lang)
    try:
        record = _record_of(file)
        verdict = verify_file(file, public_key) if public_key is not None else None
    except GiaInputError as error:
        _fail(error)
        return
    table = Table(title=_("Certificate {number}").format(number=escape(record.number)))
    table.add_column(_("field"))
    table.add_column(_("value"))
    for name, value in record.to_dict().items():
        table.add_row(name, escape(value))
    console.print(table)
    if verdict is None:
        console.print(_("not verified: add --public-key to check the signature"), style="yellow")
    else:
        _print_verdict(file, verdict)
        if not verdict.ok:
            raise typer.Exit(code=1)


def _record_of(file: Path) -> CertificateRecord:
    """The record a file holds, unverified: the JSON document or the one attached to the PDF."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise GiaInputError(
            str(file), [("", _("cannot read the file: {reason}").format(reason=error.strerror))]
        ) from error
    return read_certificate(data, str(file))
