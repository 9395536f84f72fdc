"""Malware scanning behind one interface.

- Local stage: the EICAR test signature (what every scanner must detect) stands in for a scanner.
- AWS: GuardDuty Malware Protection for S3 scans every new object and tags it
  `GuardDutyMalwareScanStatus`; we read the tag. No tag yet means "not scanned yet": retry later.
"""

from __future__ import annotations

from typing import Protocol

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class ScanPending(Exception):  # noqa: N818 - a state, raised so the batch item is retried
    """The scan result is not there yet."""


class MalwareScanner(Protocol):
    def is_infected(self, bucket: str, key: str, data: bytes) -> bool: ...


class EicarScanner:
    def is_infected(self, bucket: str, key: str, data: bytes) -> bool:
        return EICAR in data


class GuardDutyTagScanner:
    TAG = "GuardDutyMalwareScanStatus"

    def is_infected(self, bucket: str, key: str, data: bytes) -> bool:
        from chalicelib import aws

        tags = {t["Key"]: t["Value"] for t in aws.s3().get_object_tagging(Bucket=bucket, Key=key)["TagSet"]}
        status = tags.get(self.TAG)
        if status is None:
            raise ScanPending(key)
        return status != "NO_THREATS_FOUND"


def scanner(name: str) -> MalwareScanner:
    return {"eicar": EicarScanner, "guardduty": GuardDutyTagScanner}[name]()
