"""Certificates that are wrong in one way each, for the TLS fault tests of the mail servers.

Made with the `cryptography` package (openssl's CLI cannot date a certificate
in the past): a test CA, and server certificates that are self-signed, expired,
or issued for another host name; `good` is right in every way.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from mailserver import Certificate

OTHER_NAME = "other.example"


@dataclass(frozen=True)
class CertKit:
    """The test CA (a PEM file a source can trust) and one server certificate per fault."""

    ca_file: str
    certificates: dict[str, Certificate]


def make_kit(folder: Path) -> CertKit:
    """The CA and the "self-signed", "expired", "other-name" and "good" certificates."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    loopback: list[x509.GeneralName] = [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]

    def make(
        name: str,
        common_name: str,
        names: list[x509.GeneralName] | None,
        issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None = None,
        *,
        days: tuple[int, int] = (-1, 2),
        ca: bool = False,
    ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        from cryptography.hazmat.primitives import hashes, serialization

        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer[0].subject if issuer else subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=days[0]))
            .not_valid_after(now + dt.timedelta(days=days[1]))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        certificate = builder.sign(issuer[1] if issuer else key, hashes.SHA256())
        (folder / f"{name}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        (folder / f"{name}.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return certificate, key

    authority = make("ca", "ctotui test CA", None, ca=True, days=(-1, 30))
    make("self-signed", "127.0.0.1", loopback)
    make("expired", "127.0.0.1", loopback, authority, days=(-30, -2))
    make("other-name", OTHER_NAME, [x509.DNSName(OTHER_NAME)], authority)
    make("good", "127.0.0.1", loopback, authority)
    names = ("self-signed", "expired", "other-name", "good")
    return CertKit(
        ca_file=str(folder / "ca.pem"),
        certificates={n: Certificate(folder / f"{n}.pem", folder / f"{n}.key") for n in names},
    )
