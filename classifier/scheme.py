"""The sector scheme: the 15 sectors a paragraph can be tagged with."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ClassifyError


@dataclass(frozen=True)
class Sector:
    id: str
    name_fr: str
    name_en: str
    description: str
    dac_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    name: str
    version: int
    sectors: tuple[Sector, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sectors)

    def __contains__(self, sector_id: object) -> bool:
        return sector_id in self.ids

    def __len__(self) -> int:
        return len(self.sectors)

    def get(self, sector_id: str) -> Sector:
        for sector in self.sectors:
            if sector.id == sector_id:
                return sector
        raise ClassifyError(f"unknown sector id {sector_id!r}; known ids: {', '.join(self.ids)}")

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "sectors": [asdict(s) | {"dac_codes": list(s.dac_codes)} for s in self.sectors],
        }

    @classmethod
    def from_dict(cls, data: dict, where: str = "scheme") -> "Scheme":
        try:
            sectors = tuple(
                Sector(
                    id=s["id"],
                    name_fr=s["name_fr"],
                    name_en=s["name_en"],
                    description=s["description"],
                    dac_codes=tuple(s.get("dac_codes", ())),
                )
                for s in data["sectors"]
            )
            scheme = cls(name=data["name"], version=int(data["version"]), sectors=sectors)
        except (KeyError, TypeError, ValueError) as err:
            raise ClassifyError(f"{where}: not a valid sector scheme ({err!r} missing or malformed)") from None
        if len(set(scheme.ids)) != len(scheme.ids):
            raise ClassifyError(f"{where}: a sector id appears twice in the scheme")
        return scheme

    def digest(self) -> str:
        """A short fingerprint: two schemes with the same ids in the same order match."""
        return hashlib.sha256("\n".join(self.ids).encode()).hexdigest()[:16]


def load_scheme(path: str | Path | None = None) -> Scheme:
    """The sector scheme at ``path``; by default the current project's, else the shipped one."""
    if path is None:
        from .paths import scheme_file

        path = scheme_file()
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClassifyError(f"{path}: sector scheme not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ClassifyError(f"{path}: cannot read the sector scheme: {err}") from None
    return Scheme.from_dict(data, where=str(path))
