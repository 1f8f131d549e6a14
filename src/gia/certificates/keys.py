"""The certification body's signing key: generate it, load it, name it.

The key pair is an Ed25519 key (RFC 8032). ``gia-signing-key.pem`` holds the private key (PKCS #8,
unencrypted, file mode 0600; its path goes into the settings and the file is never committed);
``gia-signing-cert.pem`` holds a self-signed X.509 certificate of the public key. The certificate is
what the certification body publishes at its well-known URL: it verifies both the detached signature
of a JSON certificate and the PAdES signature of a PDF certificate. A bare public-key PEM works for
verification too.

References
----------
.. [1] S. Josefsson, I. Liusvaara, "Edwards-Curve Digital Signature Algorithm (EdDSA)", RFC 8032, 2017.
.. [2] S. Josefsson, J. Schaad, "Algorithm Identifiers for Ed25519, Ed448, X25519, and X448 for Use in
   the Internet X.509 Public Key Infrastructure", RFC 8410, 2018.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from gia.errors import GiaInputError
from gia.i18n import _

PRIVATE_KEY_FILE = "gia-signing-key.pem"
CERTIFICATE_FILE = "gia-signing-cert.pem"


@dataclass(frozen=True)
class KeyFiles:
    """The two files :func:`generate_keys` writes.

    Attributes
    ----------
    private_key : Path
        The private key (PKCS #8 PEM, mode 0600); keep it secret, never commit it.
    certificate : Path
        The self-signed X.509 certificate (PEM) of the public key; publish it.
    key_id : str
        :func:`public_key_id` of the key pair.
    """

    private_key: Path
    certificate: Path
    key_id: str


@dataclass(frozen=True)
class VerificationKey:
    """What a verifier holds: the public key and, when it was given, the published certificate.

    Attributes
    ----------
    public_key : Ed25519PublicKey
        The certification body's public key.
    certificate : x509.Certificate or None
        The published certificate, or ``None`` when only a bare public key was given.
    source : str
        Where the key came from (a file name), for messages.
    """

    public_key: Ed25519PublicKey
    certificate: x509.Certificate | None = None
    source: str = ""

    @property
    def key_id(self) -> str:
        return public_key_id(self.public_key)


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """The key's identifier: SHA-256 of the raw 32-byte public key, in lowercase hex.

    Parameters
    ----------
    public_key : Ed25519PublicKey
        The public key.

    Returns
    -------
    str
        64 hex digits.
    """
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def make_certificate(
    private_key: Ed25519PrivateKey,
    common_name: str = "GIA certification body",
    valid_years: int = 10,
    now: dt.datetime | None = None,
) -> x509.Certificate:
    """A self-signed X.509 certificate of ``private_key``'s public key.

    Parameters
    ----------
    private_key : Ed25519PrivateKey
        The key that is certified and that signs the certificate.
    common_name : str
        The subject's (and issuer's) common name.
    valid_years : int
        Validity from one day before ``now`` [years of 365 days].
    now : datetime, optional
        The moment of issue (UTC); the current time by default.

    Returns
    -------
    x509.Certificate
        A certificate for digital signatures and non-repudiation (not a CA).
    """
    now = now or dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * valid_years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(private_key.public_key()), critical=False)
        .sign(private_key, None)
    )


def generate_keys(
    directory: Path | str,
    common_name: str = "GIA certification body",
    valid_years: int = 10,
    force: bool = False,
) -> KeyFiles:
    """Generate the certification body's Ed25519 key pair and its self-signed certificate.

    Parameters
    ----------
    directory : Path or str
        Where to write ``gia-signing-key.pem`` and ``gia-signing-cert.pem`` (created if missing).
    common_name : str
        The certificate's common name.
    valid_years : int
        Validity of the certificate [years].
    force : bool
        Replace an existing key. Without it an existing key is never overwritten: certificates
        signed with it would no longer verify against the new published key.

    Returns
    -------
    KeyFiles
        The paths written and the key's identifier.

    Raises
    ------
    GiaInputError
        When a key exists already (and ``force`` is false) or the directory cannot be written.
    """
    directory = Path(directory)
    key_path, cert_path = directory / PRIVATE_KEY_FILE, directory / CERTIFICATE_FILE
    if valid_years < 1:
        raise GiaInputError("--valid-years", [("", _("the certificate must be valid for at least one year"))])
    if not force:
        for path in (key_path, cert_path):
            if path.exists():
                raise GiaInputError(
                    str(path),
                    [
                        (
                            "",
                            _(
                                "a signing key exists already; use --force to replace it (certificates signed with the old key will no longer verify against the new one)"
                            ),
                        )
                    ],
                )
    private_key = Ed25519PrivateKey.generate()
    certificate = make_certificate(private_key, common_name, valid_years)
    key_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_secret(key_path, key_pem, replace=force)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    except OSError as error:
        raise GiaInputError(
            str(directory),
            [("", _("cannot write the keys: {reason}").format(reason=error.strerror or error))],
        ) from error
    return KeyFiles(key_path, cert_path, public_key_id(private_key.public_key()))


def _write_secret(path: Path, content: bytes, replace: bool) -> None:
    """Write ``content`` to a file only its owner can read (0600), never through a wider mode."""
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # the umask may only narrow the mode; make it exact
        os.write(descriptor, content)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if replace:
        partial.replace(path)
    else:
        try:
            os.link(partial, path)  # fails if the key appeared meanwhile: never overwrite silently
        finally:
            partial.unlink()


def _read(path: Path | str, what: str) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise GiaInputError(str(path), [("", _("no such file: the {what} is missing").format(what=what))])
    try:
        return path.read_bytes()
    except OSError as error:
        raise GiaInputError(
            str(path), [("", _("cannot read the {what}: {reason}").format(what=what, reason=error.strerror))]
        ) from error


def load_private_key(path: Path | str) -> Ed25519PrivateKey:
    """Read the certification body's private key (PKCS #8 PEM, unencrypted, Ed25519).

    Parameters
    ----------
    path : Path or str
        The key file, e.g. the path given in the settings.

    Returns
    -------
    Ed25519PrivateKey

    Raises
    ------
    GiaInputError
        When the file is missing, unreadable, not a PEM private key, encrypted or not Ed25519.
    """
    data = _read(path, _("private key"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError as error:
        raise GiaInputError(
            str(path), [("", _("the private key is encrypted; GIA reads an unencrypted PKCS #8 key"))]
        ) from error
    except ValueError as error:
        if b"-----BEGIN CERTIFICATE-----" in data or b"-----BEGIN PUBLIC KEY-----" in data:
            message = _("this is a public key or certificate, not the private signing key")
        else:
            message = _("not a PEM private key")
        raise GiaInputError(str(path), [("", message)]) from error
    except Exception as error:  # unsupported algorithms and malformed key material
        raise GiaInputError(str(path), [("", _("not a PEM private key"))]) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise GiaInputError(
            str(path),
            [("", _("the key is a {kind} key; GIA signs with Ed25519").format(kind=type(key).__name__))],
        )
    return key


def load_certificate(path: Path | str) -> x509.Certificate:
    """Read an X.509 certificate (PEM) of an Ed25519 public key.

    Parameters
    ----------
    path : Path or str
        The certificate file (``gia-signing-cert.pem``).

    Returns
    -------
    x509.Certificate

    Raises
    ------
    GiaInputError
        When the file is missing, unreadable, not a PEM certificate or not of an Ed25519 key.
    """
    data = _read(path, _("certificate"))
    try:
        certificate = x509.load_pem_x509_certificate(data)
    except ValueError as error:
        raise GiaInputError(str(path), [("", _("not a PEM X.509 certificate"))]) from error
    if not isinstance(certificate.public_key(), Ed25519PublicKey):
        raise GiaInputError(str(path), [("", _("the certificate's key is not an Ed25519 key"))])
    return certificate


def load_verification_key(path: Path | str) -> VerificationKey:
    """Read the published key: a certificate PEM or a bare public-key PEM (Ed25519).

    Parameters
    ----------
    path : Path or str
        ``gia-signing-cert.pem`` or a ``-----BEGIN PUBLIC KEY-----`` file.

    Returns
    -------
    VerificationKey

    Raises
    ------
    GiaInputError
        When the file holds neither, holds a private key, or a key that is not Ed25519.
    """
    data = _read(path, _("public key"))
    if b"-----BEGIN CERTIFICATE-----" in data:
        certificate = load_certificate(path)
        return VerificationKey(certificate.public_key(), certificate, str(path))  # type: ignore[arg-type]
    if b"PRIVATE KEY-----" in data:
        raise GiaInputError(
            str(path),
            [("", _("this is a private key; verify with the published certificate or public key"))],
        )
    try:
        public_key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as error:
        raise GiaInputError(str(path), [("", _("not a PEM certificate or public key"))]) from error
    except Exception as error:  # unsupported algorithms
        raise GiaInputError(str(path), [("", _("not a PEM certificate or public key"))]) from error
    if not isinstance(public_key, Ed25519PublicKey):
        raise GiaInputError(str(path), [("", _("the public key is not an Ed25519 key"))])
    return VerificationKey(public_key, None, str(path))


def as_verification_key(
    key: VerificationKey | x509.Certificate | Ed25519PublicKey | Path | str,
) -> VerificationKey:
    """Accept a path, a certificate, a public key or a :class:`VerificationKey`."""
    if isinstance(key, VerificationKey):
        return key
    if isinstance(key, x509.Certificate):
        public_key = key.public_key()
        if not isinstance(public_key, Ed25519PublicKey):
            raise GiaInputError(_("certificate"), [("", _("the certificate's key is not an Ed25519 key"))])
        return VerificationKey(public_key, key)
    if isinstance(key, Ed25519PublicKey):
        return VerificationKey(key)
    return load_verification_key(key)


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    """The bare public key as PEM (``-----BEGIN PUBLIC KEY-----``, SubjectPublicKeyInfo)."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
