"""The eighth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v8``) who had neither read the engine (``src/phigate/phi``), its
documentation or the benchmark nor run the engine on this part or any other, from general knowledge of how US
clinics, agencies, insurers, courts, employers and families write, never from real notes: a paediatric 18-month
well-child visit (a dictated note), a vaccine adverse event (VAERS) report (a government form with numbered boxes), a
nursing-home fall incident report (a facility form), a utilisation-review call log (an insurer's timestamped log), a
mental-health court commitment hearing (court minutes), a sexual assault nurse examiner's evidence chain of custody (a
hand-off table), an after-hours answering service's voicemail transcripts (speech-to-text), a hospital patient
billing statement (a statement with a table of charges), a fax cover sheet with a disability determination
consultative examination report and a Family and Medical Leave Act certification (an employer's form with check
boxes). None of these settings is used by an earlier template (train, second to seventh part). Nobody tunes on them:
they measure whether fixes made elsewhere generalise.

The annotation conventions are those of the train templates in ``corpus.py`` and of the fourth to seventh parts: a
title ("Dr.", "Judge", "Ofc.", "Ms.") and a credential (", MD", "RN, SANE-A", "LPN", "Esq.") sit outside the NAME
span; a state stays outside every span while town, street line and ZIP are LOCATION, ADDRESS and ZIP; facilities,
agencies, courts' counties, police departments, daycares, employers, pharmacies, collection agencies and advocacy
centres are LOCATION, and so is a county; countries carry no span; an age phrase in running text ("a 94-year-old",
"ninety-three") is the AGE span and a form's "Age" box holds its value alone; ages under 90 carry no span; a unit,
lot or room in a street line is part of the street address; ZIP+4 is one ZIP; a masked SSN's last four digits are
SSN; a clinician's NPI, DEA number and state licence and a person's driver's licence are LICENSE; a court's case
number for the respondent is MRN (as in the seventh part); an implanted or home device's serial is DEVICE and its
model is not; the plate and VIN of the patient's own car are VEHICLE; a specimen or evidence number tying a sample to
its person is ACCOUNT (as in the sixth part); an insurer named after its town is an organisation (LOCATION, as the
seventh part's auto insurer) while a brand ("Anthem Blue Cross", "Keystone Care HMO") and an agency named by its state
alone ("WY Disability Determination Services") carry no span. Where no earlier part shows the case, the HIPAA Safe
Harbor list decides, and the line says so:

- a VAERS ID, a police department's report number for the patient's complaint, a state disability determination
  service's case number and an adult-protective or insurer's case number for the person are each an agency's record
  of the person (MRN, as the court's case number and the poison centre's case number);
- an insurer's authorisation (reference) number for a stay, a guarantor's statement account, a collection agency's
  account and a sexual assault evidence kit's barcode tie a service or a sample to its bill or its person (ACCOUNT);
- a police officer's badge number and a nurse's state licence are numbers of a licence or certificate held by a
  named person (LICENSE, as a clinician's NPI), and so is an employee's state ID card number;
- a caller's voiceprint enrolment at an answering service and a patient's elimination fingerprint card are biometric
  identifiers (BIOMETRIC: Safe Harbor names finger and voice prints);
- a rented CPAP, a home ventilator, a power wheelchair, a hearing aid and a cochlear implant's processor are the
  patient's devices (DEVICE, serial only); a facility's bed alarm, Hoyer lift or camera carries no span;
- every person named is a NAME: magistrates, lawyers, officers, advocates, witnesses, HR managers and answering-service
  operators as well as relatives and clinicians;
- a year alone ("O'Connor v. Donaldson (1975)", "Form WH-380-E, revised 2020") is not a date element Safe Harbor
  removes and carries no span; a relative's age under 90 carries none either.

Numbers and words that identify no one are not PHI and carry no span: ages under 90, percentiles, growth and lab
values, doses, scores and scales (M-CHAT-R, ASQ-3, Morse, Braden, BIMS, InterQual, MCG, Jamar, Brighton level),
CPT, HCPCS, NDC, MedDRA and ICD-10 codes, statute and regulation sections, form numbers (WH-380-E, SSA-3368), lot
numbers, room and bed numbers, device and product model numbers, and names of people and places used as eponyms of
tests, signs, syndromes and cases (Apgar, Denver, Guillain-Barre, Bell's palsy, Romberg, Spurling, Phalen, Tinel,
Wood's lamp, Foley, Hoyer, O'Connor v. Donaldson, Addington v. Texas, Milliman).

This module imports nothing from ``corpus.py`` (which imports it), so the two cannot form an import cycle: a
template takes any source with the generator's ``r``, ``first``, ``last`` and ``city``. Its helpers are its own (an
independent draw: no earlier part's helper is imported), but for ``Part``, ``Source`` and the check-digit helpers
of ``check_digits``.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.vectors.phi.check_digits import Part, Source, dea, mbi, npi, vin_check_digit

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V8_FIRST = ["Auberlyn", "Brizzolind", "Caelimor", "Dulcibeth", "Evrosine", "Filomarra", "Gwenthary", "Harlovie",
            "Ilvessa", "Jorunelle", "Kestrabel", "Lumarise", "Mirabodie", "Nyvelle", "Ottilova", "Prisquelle",
            "Quennabeth", "Rhovelline", "Sibrenna", "Tamsivelle", "Undrasia", "Valquessa", "Wyndoline", "Xiomarel",
            "Yselinde", "Zorabelle", "Ambrovic", "Brannovar", "Cassimor", "Dorvaldt", "Eldritho", "Ferolind",
            "Gustavian", "Hobrecht", "Ivarsen", "Jovellan"]
V8_LAST = ["Ashbrindle", "Bellcoraine", "Cloudsmerrow", "Dovecastley", "Everwhistle", "Flinthaverly", "Gallowquist",
           "Harthbrooke", "Inchcombery", "Jollivetti", "Kingsmarrow", "Larkspurney", "Moorquistle", "Nightingaler",
           "Oakhavenly", "Pendlewicke", "Quarryvane", "Rushingdaley", "Silverbrandt", "Thornbellow", "Umberfieldt",
           "Vanterpoole", "Winterbournby", "Yewdalesk", "Okonkwobi", "Adebayoru", "Nwachukwuma", "Tsukimorae",
           "Yamamurai", "Gutierrezco", "Zielinskow", "Kowalczykin", "Petrosyanov", "Georgiadakis", "Nilssonberg",
           "Fitzmaurine", "Dmitrenkova", "Castellvane", "Ravindrakar", "Balakrishnor", "Villaquiran", "Esquivelda"]
V8_TOWNS = ["Ashquillan", "Birchquarrow", "Coldbrindle", "Dunsworrick", "Eldermoorby", "Fallowmeade", "Grindlecombe",
            "Harrowquist", "Ivystrand", "Jesperholm", "Kilnbrackett", "Lanternwold", "Grennowick Falls",
            "Nethercombery", "Orrinsgate", "Pellbrookton", "Upper Quelldale", "Saint Ambrovel", "East Tarrowick",
            "Lower Vellquist", "North Wendlebrook", "Bay Orrimond", "Port Ysselmouth", "Falls of Brenquay",
            "Skellingmoor", "Thorncastleby"]
V8_STREETS = ["Almondcrestly", "Bluebellow", "Cowslipper", "Damsonwoode", "Eglantyne", "Foxtailey", "Gorsemeadowe",
              "Hawthornby", "Ivybridgely", "Jasminelle", "Kestrelcombe", "Lavendrique", "Meadowsweeting",
              "Nightjarrow", "Oxlipford", "Primrosette", "Quillwortby", "Rowanberrie"]
V8_VOCABULARY = (*V8_FIRST, *V8_LAST, *V8_TOWNS, *V8_STREETS)
# the generic words of some towns' names, shared with real place names ("Falls", "Upper", "Saint")
V8_GENERIC = ("falls", "upper", "saint", "east", "lower", "north", "bay", "port", "of")

_OWN_SHARE = 0.55  # of names and towns drawn from the part's own words; the rest from the shared lists

# ---- the part's own draw helpers (an independent draw: formats of their own) --------------------------------------

_STATE_WORDS = ["AL", "AK", "AZ", "DE", "HI", "ID", "IL", "IN", "KS", "KY", "MD", "MI", "MS", "NC", "ND", "NE", "NJ",
                "NV", "OK", "RI", "SD", "TN", "UT", "VA", "WI", "WV", "WY", "Illinois", "Kentucky", "Michigan",
                "Nebraska", "Indiana", "Tennessee", "Virginia", "Wisconsin", "Ill.", "Ky.", "Mich.", "Tenn."]
_SUFFIXES = ["St", "Street", "Ave.", "Avenue", "Rd.", "Road", "Dr.", "Drive", "Ln", "Lane", "Ct.", "Court", "Way",
             "Pl", "Place", "Blvd.", "Cir.", "Circle", "Ter.", "Trail", "Pkwy", "Hwy", "Run", "Crossing", "Row",
             "Loop", "Path", "Pass", "Close", "Commons", "Terrace", "Spur", "Point", "Ridge"]
_ROOMS = ["Apt {n}", "Apt. {n}", "Unit {n}{a}", "#{n}", "# {a}", "Suite {n}", "Ste. {n}", "Lot {n}", "Trlr {n}",
          "Rm {n}", "Bldg {a} Apt {n}", "Fl 2", "Upper", "Rear", "Spc {n}"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FEASTS = ["Christmas", "Thanksgiving", "Labor Day", "Memorial Day", "Christmas Day", "New Year's Day",
           "Independence Day", "Fourth of July", "Easter", "Good Friday", "Presidents' Day",
           "Martin Luther King Jr. Day", "Columbus Day", "Christmas Eve", "Thanksgiving Day"]
_MAILHOSTS = ["gmail.com", "yahoo.com", "icloud.com", "outlook.com", "hotmail.com", "att.net", "verizon.net",
              "cox.net", "me.com", "ymail.com", "live.com", "msn.com"]
_TENS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _first(g: Source) -> str:
    return g.r.choice(V8_FIRST) if g.r.random() < _OWN_SHARE else g.first()


def _last(g: Source) -> str:
    return g.r.choice(V8_LAST) if g.r.random() < _OWN_SHARE else g.last()


def _letter(g: Source) -> str:
    return g.r.choice("ABCDEFGHJKLMNPRSTW")


def _full(g: Source, first: str | None = None, last: str | None = None) -> str:
    """A person's name in one of the ways forms and notes write it."""
    f, s = first or _first(g), last or _last(g)
    return g.r.choice([
        f"{f} {s}", f"{f} {s}", f"{f} {_letter(g)}. {s}", f"{f} {_letter(g)} {s}", f"{s}, {f}",
        f"{s}, {f} {_letter(g)}.", f"{s.upper()}, {f.upper()}", f"{f.upper()} {s.upper()}", f"{f} O'{s}",
        f"{f} {s}-{_last(g)}", f"{f} Mc{s}", f"{f} {s} Jr.", f"{f} {s} Sr.", f"{f} {s} IV", f"{f} St. {s}",
    ])


def _inits(g: Source) -> str:
    f, s = _first(g), _last(g)
    return g.r.choice([f"{f[0]}{s[0]}", f"{f[0]}{_letter(g)}{s[0]}", f"{f[0]}.{s[0]}.", f"{f[0]}{s[:2]}".upper()])


def _town(g: Source) -> str:
    return g.r.choice(V8_TOWNS) if g.r.random() < _OWN_SHARE else g.city()


def _state(g: Source) -> str:
    return g.r.choice(_STATE_WORDS)


def _zip(g: Source) -> str:
    five = f"{g.r.randint(601, 99929):05d}"
    return f"{five}-{g.r.randint(1, 9999):04d}" if g.r.random() < 0.35 else five


def _street(g: Source, room: float = 0.3) -> str:
    """A street line: a house number (plain, with a letter or a half, or a grid number), a name (the part's own, a
    surname, a numbered street), a suffix; sometimes a direction before or after, sometimes a unit (inside)."""
    number = g.r.choice([str(g.r.randint(2, 98)), str(g.r.randint(101, 4999)), str(g.r.randint(5000, 29999)),
                         f"{g.r.randint(10, 999)}{g.r.choice('ABC')}", f"{g.r.randint(10, 999)} 1/2",
                         f"W{g.r.randint(100, 999)}N{g.r.randint(1000, 9999)}"])
    nth = g.r.randint(1, 60)
    ordinal = f"{nth}{'th' if 10 <= nth % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(nth % 10, 'th')}"
    name = g.r.choice([g.r.choice(V8_STREETS), g.r.choice(V8_STREETS), g.r.choice(V8_STREETS), _last(g), ordinal])
    if g.r.random() < 0.07:
        line = f"{number} {g.r.choice(['County Rd', 'State Hwy', 'US Hwy', 'Farm Rd', 'Township Rd'])} " \
               f"{g.r.randint(3, 880)}"
    else:
        before = g.r.choice(["N ", "S ", "E ", "W ", "North ", "Old "]) if g.r.random() < 0.2 else ""
        line = f"{number} {before}{name} {g.r.choice(_SUFFIXES)}"
        if g.r.random() < 0.08:
            line += g.r.choice([" NW", " SE", " East", " W"])
    if g.r.random() < room:
        line += g.r.choice([" ", ", "]) + g.r.choice(_ROOMS).format(n=g.r.randint(1, 420), a=g.r.choice("ABCDG"))
    return line


def _addr(g: Source, between: str = ", ", room: float = 0.3) -> list[Part]:
    """A street line (or a PO box, or a rural route box), town, state and ZIP."""
    roll = g.r.random()
    line = _street(g, room) if roll < 0.86 else (f"P.O. Box {g.r.randint(2, 8999)}" if roll < 0.95
                                               else f"RR {g.r.randint(1, 6)} Box {g.r.randint(10, 480)}")
    return [(line, "ADDRESS"), between, (_town(g), "LOCATION"), g.r.choice([", ", " ", ",  "]), _state(g),
            g.r.choice([" ", "  ", " "]), (_zip(g), "ZIP")]


def _ymd(g: Source, lo: int, hi: int) -> tuple[int, int, int]:
    return g.r.randint(lo, hi), g.r.randint(1, 12), g.r.randint(1, 28)


def _day(g: Source, lo: int = 2020, hi: int = 2026) -> str:
    """A date in one of many forms: slashes, dashes, dots, two-digit years, compact, month names, weekdays."""
    y, m, d = _ymd(g, lo, hi)
    mon = _MONTH_NAMES[m - 1]
    nth = f"{d}{'th' if 10 <= d <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"
    return g.r.choice([
        f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{m}/{d}/{y % 100:02d}",
        f"{y}{m:02d}{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{m:02d}-{d:02d}-{y}",
        f"{m}.{d}.{y % 100:02d}", f"{mon} {d}, {y}", f"{mon[:3]} {d}, {y}", f"{d} {mon[:3]} {y}",
        f"{d:02d}-{mon[:3].upper()}-{y}", f"{mon[:3].upper()} {d:02d} {y}", f"{_WEEKDAYS[(d + m) % 7]}, {mon} {d}",
        f"{mon} {nth}", f"{nth} of {mon}", f"{m}/{d}", f"{mon} {y}", f"{mon[:3]}-{y % 100:02d}",
    ])


def _born(g: Source, lo: int = 1938, hi: int = 2006) -> str:
    y, m, d = _ymd(g, lo, hi)
    mon = _MONTH_NAMES[m - 1]
    return g.r.choice([f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{mon} {d}, {y}",
                       f"{m:02d}/{d:02d}/{y % 100:02d}", f"{y}{m:02d}{d:02d}", f"{d}-{mon[:3]}-{y}"])


def _feast(g: Source) -> str:
    return g.r.choice(_FEASTS)


def _clock(g: Source) -> str:
    h, mi = g.r.randint(0, 23), g.r.randint(0, 59)
    return g.r.choice([f"{h:02d}{mi:02d}", f"{h:02d}:{mi:02d}", f"{(h % 12) or 12}:{mi:02d} {'AM' if h < 12 else 'PM'}",
                       f"{(h % 12) or 12}:{mi:02d}{'a' if h < 12 else 'p'}", f"{h:02d}{mi:02d} hrs"])


def _old(g: Source) -> int:
    return g.r.randint(90, 104)


def _spelled(n: int) -> str:
    """An age over 89 in words ("ninety-three", "one hundred and two")."""
    if n >= 100:
        return "one hundred" + (f" and {_TENS[n - 100]}" if n > 100 else "")
    return "ninety" + (f"-{_TENS[n - 90]}" if n > 90 else "")


def _old_phrase(g: Source, n: int) -> str:
    """An age over 89 as running text writes it: the whole phrase is the AGE span."""
    return g.r.choice([f"{n}-year-old", f"{_spelled(n)}-year-old", f"{n} y.o.", f"{n} years old", f"{_spelled(n)}",
                       f"{n} yrs", f"{_spelled(n)} years old", f"age {n}", f"{n}-yr-old"])


def _under(g: Source, lo: int, hi: int) -> str:
    """An age under 90 (no span)."""
    n = g.r.randint(lo, hi)
    return g.r.choice([f"{n}-year-old", f"{n} y.o.", f"{n} yr old", f"{n}yo", f"{n} years old", f"age {n}"])


def _tel(g: Source) -> str:
    a, b, c = g.r.randint(205, 979), g.r.randint(210, 989), g.r.randint(0, 9999)
    return g.r.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"+1-{a}-{b}-{c:04d}",
                       f"{a} {b} {c:04d}", f"1 ({a}) {b}-{c:04d}", f"({a}) {b}-{c:04d} ext. {g.r.randint(2, 999)}",
                       f"{a}-{b}-{c:04d} x{g.r.randint(100, 7999)}", f"1.{a}.{b}.{c:04d}", f"({a}){b}-{c:04d}"])


def _mail(g: Source, first: str, last: str, host: str | None = None) -> str:
    user = g.r.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}{g.r.randint(1, 89)}",
                       f"{last}_{first[0]}", f"{first}{g.r.randint(1960, 2012)}", f"{first[0]}{last}",
                       f"{last}{first}"]).lower()
    user = "".join(c for c in user if c.isalnum() or c in "._")
    return f"{user}@{host or g.r.choice(_MAILHOSTS)}"


def _host(name: str) -> str:
    """An organisation's web host from its name ("Ivystrand Pediatrics" -> ivystrandpediatrics.org)."""
    stem = "".join(c for c in name.lower() if c.isalnum())[:22]
    return stem + [".org", ".com", ".net", ".health", ".care", ".us"][len(stem) % 6]


def _num(g: Source, n: int) -> str:
    return "".join(str(g.r.randint(0, 9)) for _ in range(n))


def _chars(g: Source, n: int, pool: str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") -> str:
    return "".join(g.r.choice(pool) for _ in range(n))


def _chart(g: Source) -> str:
    """A medical record number as hospitals print it."""
    return g.r.choice([_num(g, 7), _num(g, 9), f"{_num(g, 2)}-{_num(g, 5)}", f"M{_num(g, 8)}", f"HN{_num(g, 6)}",
                       f"{_num(g, 3)} {_num(g, 4)}", f"000{_num(g, 6)}", f"{_num(g, 4)}-{_num(g, 4)}-{_num(g, 1)}"])


def _acct(g: Source) -> str:
    return g.r.choice([_num(g, 11), f"H{_num(g, 9)}", f"{_num(g, 4)}-{_num(g, 6)}-{_num(g, 2)}", f"GA{_num(g, 8)}",
                       f"{_num(g, 6)}.{_num(g, 3)}", f"PB{_num(g, 7)}"])


def _social(g: Source) -> str:
    a, b, c = g.r.choice([g.r.randint(101, 665), g.r.randint(667, 899)]), g.r.randint(1, 99), g.r.randint(1, 9999)
    return g.r.choice([f"{a:03d}-{b:02d}-{c:04d}", f"{a:03d} {b:02d} {c:04d}", f"{a:03d}{b:02d}{c:04d}",
                       f"{a:03d}-{b:02d}-{c:04d}"])


def _plan_id(g: Source) -> str:
    """A commercial member ID: a prefix and digits, as cards print them."""
    return g.r.choice([f"{_chars(g, 3, 'ABCDEFGHKMNPRTUWXYZ')}{_num(g, 9)}", f"{_num(g, 11)}",
                       f"U{_num(g, 8)} {_num(g, 2)}", f"{_chars(g, 2, 'HKMPQWXZ')}{_num(g, 6)}-{_num(g, 2)}",
                       f"{_num(g, 3)}-{_num(g, 3)}-{_num(g, 3)}-{_num(g, 2)}", f"ZQ{_num(g, 7)}"])


def _state_plan(g: Source) -> str:
    """A Medicaid or CHIP recipient number."""
    return g.r.choice([_num(g, 12), f"{_chars(g, 1, 'CJKMPRT')}{_num(g, 9)}", f"{_num(g, 8)}{_chars(g, 2, 'ABCH')}",
                       f"{_num(g, 3)}-{_num(g, 3)}-{_num(g, 4)}"])


def _medicare(g: Source) -> str:
    return mbi(g.r, 0.6)


def _npi(g: Source) -> str:
    return npi(g.r, "12")


def _dea(g: Source, last: str) -> str:
    return dea(g.r, last, "ABF")


def _nurse_lic(g: Source, kind: str = "RN") -> str:
    """A nurse's state licence number as boards print them."""
    return g.r.choice([f"{kind}{_num(g, 7)}", f"{kind[0]}{_num(g, 6)}", f"{_num(g, 7)}-{kind}", f"NUR.{_num(g, 7)}",
                       f"{kind}.{_num(g, 6)}"])


def _driver(g: Source) -> str:
    return g.r.choice([f"{_chars(g, 1, 'ABCDEFGHKLMNPRSTW')}{_num(g, 3)}-{_num(g, 3)}-{_num(g, 2)}-{_num(g, 3)}",
                       f"{_num(g, 9)}", f"{_chars(g, 1, 'DGKS')}{_num(g, 12)}",
                       f"{_num(g, 3)} {_num(g, 3)} {_num(g, 3)}",
                       f"{_chars(g, 2, 'ABCDEFGHJK')}{_num(g, 6)}"])


_CAR_WMI = ("1GC", "1HG", "2HG", "3FA", "5YJ", "JN1", "KND", "WBA", "1FM", "3VW", "2C3", "4T3")


def _vin(g: Source) -> str:
    pool = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    body = [*g.r.choice(_CAR_WMI), *(g.r.choice(pool) for _ in range(5)), "0",
            g.r.choice("CDEFGHJKLMN"), g.r.choice(pool), *(str(g.r.randint(0, 9)) for _ in range(6))]
    body[8] = vin_check_digit(body)
    return "".join(body)


def _tag(g: Source) -> str:
    pool = "ABCDEFGHJKLMNPRSTVWXYZ"
    return g.r.choice([f"{_chars(g, 3, pool)} {_num(g, 3)}", f"{_num(g, 3)}-{_chars(g, 3, pool)}",
                       f"{_chars(g, 1, pool)}{_num(g, 2)}-{_chars(g, 2, pool)}{_num(g, 1)}", f"{_num(g, 7)}",
                       f"{_chars(g, 2, pool)}{_num(g, 4)}{_chars(g, 1, pool)}"])


def _v4(g: Source) -> str:
    return g.r.choice([f"{g.r.choice([67, 71, 96, 104, 135, 162, 184, 207])}.{g.r.randint(0, 255)}."
                       f"{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
                       f"192.168.{g.r.randint(0, 20)}.{g.r.randint(2, 250)}"])


def _v6(g: Source) -> str:
    q = [f"{g.r.randint(1, 0xFFFF):x}" for _ in range(6)]
    return g.r.choice([f"2601:{q[0]}:{q[1]}:{q[2]}::{q[3]}", f"2001:db8:{q[0]}:{q[1]}:{q[2]}:{q[3]}:{q[4]}:{q[5]}",
                       f"2620:{q[0]}::{q[1]}:{q[2]}", f"fe80::{q[0]}:{q[1]}:{q[2]}:{q[3]}"])


def _ip(g: Source) -> str:
    return _v4(g) if g.r.random() < 0.55 else _v6(g)


def _place(g: Source, kinds: list[str]) -> tuple[str, str]:
    """An organisation's full name and the short form staff use later (its head word or its initials)."""
    head = g.r.choice([_town(g), _last(g), f"St. {_first(g)}", f"{_town(g)} Valley", f"{_last(g)} Memorial"])
    full = f"{head} {g.r.choice(kinds)}"
    initials = "".join(w[0] for w in full.replace(".", " ").split() if w[0].isupper())
    return full, (initials if len(initials) >= 3 and g.r.random() < 0.5 else head)


_FIRMS = ["Manufacturing", "Cold Storage", "Printing Co.", "Call Center", "Auto Parts", "Trucking LLC",
          "Casino & Resort", "School District", "Credit Union", "Packaging Inc.", "Foods", "Millwork"]


def _firm(g: Source) -> str:
    """An employer, named after a family or a town, as many are (LOCATION)."""
    return f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(_FIRMS)}"


# ---- the templates ------------------------------------------------------------------------------------------------

_VACCINE_LOTS = [("DTaP (Daptacel) #4", "UJ{n}AA"), ("Hib (PedvaxHIB) booster", "Y{n}"), ("Hep A #1 (Havrix)", "5Z{n}"),
                 ("PCV15 #4 (Vaxneuvance)", "X{n}"), ("influenza, quadrivalent 0.25 mL", "UT{n}"),
                 ("varicella #1 (Varivax)", "Y0{n}")]


def well_child(g: Source) -> list[Part]:
    """A dictated 18-month well-child visit: growth percentiles, screening tools (M-CHAT-R, ASQ-3: not PHI), vaccines
    with lot numbers (not PHI), a child's ages under 90 (no span) beside a great-grandmother's over 89 (AGE), the
    daycare and the WIC office (LOCATION), the child's CHIP number, a cochlear implant processor's serial (DEVICE),
    the portal's link and the IP address of the parent's questionnaire, the paediatrician's NPI."""
    clinic, short = _place(g, ["Pediatrics", "Children's Clinic", "Pediatric & Adolescent Medicine",
                               "Family Health Center - Pediatrics"])
    kid_first, kid_last = _first(g), _last(g)
    mom, dad = _first(g), _first(g)
    sib = _first(g)
    gg = _old(g)
    vax = g.r.sample(_VACCINE_LOTS, 3)
    given = "; ".join(f"{v} lot {lot.format(n=_num(g, 4))}" for v, lot in vax)
    doc_first, doc_last = _first(g), _last(g)
    implant = g.r.random() < 0.5
    hearing: list[Part] = [(f"{_chars(g, 2, 'ABCDEFGHJKLMN')}{_num(g, 7)}", "DEVICE"), "; audiology mapping with Dr. ",
                           (_last(g), "NAME"), ". "] if implant else []
    return [
        (clinic, "LOCATION"),
        "\nWELL CHILD CHECK - 18 MONTHS (dictated)\n\nPatient: ",
        (g.r.choice([f"{kid_first} {kid_last}", f"{kid_last}, {kid_first}", f"{kid_last.upper()}, {kid_first}"]),
         "NAME"),
        "    DOB: ",
        (_born(g, 2024, 2025), "DATE"),
        "    MRN ",
        (_chart(g), "MRN"),
        "\nDate of service: ",
        (_day(g, 2025, 2026), "DATE"),
        "    Coverage: CHIP ",
        (_state_plan(g), "HEALTH_PLAN"),
        "\n\n",
        (kid_first, "NAME"),
        f" is an 18-month-old {g.r.choice(['boy', 'girl'])} brought in by mother ",
        (mom, "NAME"),
        " and father ",
        (f"{dad} {kid_last}" if g.r.random() < 0.5 else dad, "NAME"),
        ". Lives at ",
        *_addr(g),
        " with parents, big brother ",
        (sib, "NAME"),
        f" ({_under(g, 3, 7)}) and a great-grandmother who is ",
        (_old_phrase(g, gg), "AGE"),
        ". Attends ",
        (f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Little Learners', 'Daycare', 'Early Head Start'])}",
         "LOCATION"),
        " three days a week.\n\nInterval history: one ear infection treated ",
        (_day(g), "DATE"),
        " (amoxicillin 90 mg/kg/day x 10 days). Sleeps 11 h + 1 nap. Whole milk 16 oz/day, weaned from the bottle. "
        "Birth history: term, SVD, Apgar 8/9, BW 3.2 kg.\n"
        "Growth: wt 10.9 kg (48th %ile), length 81 cm (52nd %ile), HC 47 cm (55th %ile); WHO curves.\n"
        "Development: ASQ-3 communication 45, gross motor 55, fine motor 50, problem solving 50, personal-social 45 "
        "- all above cutoff. M-CHAT-R/F score 1 (low risk). 10-15 words, walks well, runs, points to show.\n",
        "Hearing: bilateral cochlear implants since 12 months; R processor (Cochlear Nucleus 8), serial "
        if implant else "Hearing: passed newborn screen, no concerns. ",
        *hearing,
        "Lead (capillary) 2 mcg/dL; Hgb 11.6.\nExam: normal; Denver-style milestones noted; no Moro at this age; "
        "red reflex present OU; teeth: 12, no caries; fluoride varnish applied.\n\nVaccines given: ",
        given,
        ". VIS given. Tylenol 160 mg/5 mL, 5 mL q6h prn fever.\nAnticipatory guidance per Bright Futures: car seat "
        "rear-facing, water heater <= 120 F, poison control number on the fridge.\n\nParent completed the "
        "pre-visit questionnaire on the portal (",
        (f"https://mychart.{_host(short)}/q/{_chars(g, 8, 'abcdefghjkmnpqrstuvwxyz23456789')}", "URL"),
        ") from ",
        (_ip(g), "IP"),
        "; summary sent to ",
        (_mail(g, mom, kid_last), "EMAIL"),
        ". Mom's cell ",
        (_tel(g), "PHONE"),
        ". WIC referral to the ",
        (f"{_town(g)} WIC Office", "LOCATION"),
        ". Office closed ",
        (_feast(g), "DATE"),
        "; next visit at 2 years, ",
        (_day(g, 2026, 2027), "DATE"),
        ".\n\n",
        (f"{doc_first} {doc_last}", "NAME"),
        ", MD, FAAP   NPI ",
        (_npi(g), "LICENSE"),
        "\nDictated/not read. Transcribed by ",
        (_inits(g).lower(), "NAME"),
        "\n",
    ]


_VAERS_VACCINES = [("COVID-19 (2025-2026 Formula), Moderna Spikevax", "MODERNA", "IM L deltoid", "3{n}F24A"),
                   ("Zoster recombinant, adjuvanted (Shingrix)", "GLAXOSMITHKLINE", "IM R deltoid", "{c}7{n}"),
                   ("RSV vaccine (Arexvy)", "GLAXOSMITHKLINE", "IM L deltoid", "{c}2{n}"),
                   ("Influenza, high dose (Fluzone High-Dose)", "SANOFI PASTEUR", "IM R deltoid", "UT{n}"),
                   ("Pneumococcal 21-valent (Capvaxive)", "MERCK", "IM L deltoid", "Z00{n}")]
_AEFI = [("Guillain-Barre syndrome: ascending weakness and areflexia; Brighton Collaboration level 2; LP: albumino-"
          "cytologic dissociation; IVIG 2 g/kg over 5 days", "G61.0"),
         ("Bell's palsy, L facial droop, onset day 9; prednisone 60 mg x 7 days", "G51.0"),
         ("syncope 5 min after injection with brief tonic jerks; fall from chair with forehead laceration, 3 sutures",
          "R55"),
         ("extensive limb swelling elbow to shoulder, erythema 14 cm, afebrile; cellulitis excluded", "T88.1XXA"),
         ("anaphylaxis: urticaria, wheeze, BP 78/40 at 12 min; epinephrine 0.5 mg IM x2", "T80.52XA")]


def vaers_report(g: Source) -> list[Part]:
    """A VAERS report as the numbered boxes of the online form print it: the patient's boxes (name, address, phone,
    email, birth date, age: an age over 89 in its box), the vaccines table with manufacturer, lot, route and site (not
    PHI), the event with its Brighton level, eponyms (Guillain-Barre, Bell's palsy) and MedDRA/ICD codes (not PHI),
    the vaccinating pharmacy and the reporter, the submission's IP address and confirmation link, and the VAERS ID
    (the registry's record of the person's report: MRN)."""
    pharmacy = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Pharmacy', 'Drug Co.', 'Apothecary', 'Rx'])}"
    pt_first, pt_last = _first(g), _last(g)
    vaccine, maker, site, lot = g.r.choice(_VAERS_VACCINES)
    event, code = g.r.choice(_AEFI)
    old = g.r.random() < 0.5
    age = _old(g) if old else g.r.randint(52, 88)
    rep_first, rep_last = _first(g), _last(g)
    hosp, _ = _place(g, ["Medical Center", "Hospital", "Regional Medical Center", "Community Hospital"])
    return [
        "VACCINE ADVERSE EVENT REPORTING SYSTEM (VAERS) - REPORT SUMMARY\nVAERS ID: ",
        (f"{g.r.randint(2700, 2999)}{_num(g, 3)}", "MRN"),
        "   E-Report ID: ",
        (f"{_num(g, 6)}-{_num(g, 2)}", "MRN"),
        "   Submitted: ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} from IP ",
        (_ip(g), "IP"),
        "\n\nSECTION 1. INFORMATION ABOUT THE PATIENT WHO RECEIVED THE VACCINE\n1. Patient name: first ",
        (pt_first, "NAME"),
        "   last ",
        (pt_last, "NAME"),
        "\n2. Address: ",
        *_addr(g, "   City: ", 0.25),
        "\n3. Phone: ",
        (_tel(g), "PHONE"),
        "   4. Email: ",
        (_mail(g, pt_first, pt_last), "EMAIL"),
        "\n5. Date of birth: ",
        (_born(g, 1921, 1934) if old else _born(g, 1936, 1972), "DATE"),
        "   6. Sex: ",
        g.r.choice(["Female", "Male"]),
        "   7. Date and time of vaccination: ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)}\n8. Date and time adverse event started: ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)}   9. Age at vaccination: ",
        *([(str(age), "AGE")] if old else [str(age)]),
        " years   10. Date form completed: ",
        (_day(g, 2025, 2026), "DATE"),
        "\n\nSECTION 2. INFORMATION ABOUT THE PERSON COMPLETING THIS FORM\n11. Form completed by: ",
        (f"{rep_first} {rep_last}", "NAME"),
        g.r.choice([", PharmD (vaccine provider)", ", RN (healthcare professional)", " (daughter)"]),
        "\n12. Phone: ",
        (_tel(g), "PHONE"),
        "   Email: ",
        (_mail(g, rep_first, rep_last, _host(pharmacy)), "EMAIL"),
        "\n\nSECTION 3. FACILITY WHERE VACCINE WAS GIVEN\n13. Facility: ",
        (pharmacy, "LOCATION"),
        "   Type: pharmacy or store\n14. Address: ",
        *_addr(g, ", ", 0.4),
        "   Phone ",
        (_tel(g), "PHONE"),
        "   Fax ",
        (_tel(g), "FAX"),
        f"\n\nSECTION 4. WHICH VACCINES WERE GIVEN\nVaccine | Manufacturer | Lot | Dose | Route/site\n{vaccine} | "
        f"{maker} | {lot.format(n=_num(g, 4), c=_chars(g, 1, 'AXYZ'))} | 1 | {site}\n"
        "15. Vaccines in the past 4 weeks: none   16. Other medications: amlodipine 5 mg, levothyroxine 75 mcg\n\n"
        "SECTION 5. WHAT HAPPENED TO THE PATIENT\n18. Describe the adverse event: ",
        event,
        f" (ICD-10 {code}; MedDRA PT 10018767).\n19. Treated at ",
        (hosp, "LOCATION"),
        ", medical record ",
        (_chart(g), "MRN"),
        "; hospitalized ",
        str(g.r.randint(2, 9)),
        " days, discharged ",
        (_day(g, 2025, 2026), "DATE"),
        ".\n21. Result: recovering   22. Pre-existing conditions: HTN, hypothyroidism. No prior reaction.\n"
        "Health insurance: Medicare ",
        (_medicare(g), "HEALTH_PLAN"),
        "\n\nConfirmation: ",
        (f"https://vaers.hhs.gov/esub/confirm/{_chars(g, 12, '0123456789abcdef')}", "URL"),
        "   Keep your VAERS ID for follow-up (VAERS 2.0 form).\n",
    ]


def nursing_home_incident(g: Source) -> list[Part]:
    """A skilled nursing facility's resident fall incident report, a form with boxes: the resident's age over 89 in
    its box and in the narrative, the room (not PHI), the Morse and Braden scales, the BIMS score, a Hoyer lift and a
    bed alarm (the facility's: no span), the resident's power wheelchair and hearing aid serials (DEVICE), witnesses
    and notifications (NAME, PHONE), the ambulance to the hospital, the state agency's fax, a masked SSN, Medicare and
    Medicaid numbers."""
    facility, short = _place(g, ["Health & Rehabilitation Center", "Nursing and Rehab", "Care Center",
                                 "Skilled Nursing Facility", "Manor"])
    res_first, res_last = _first(g), _last(g)
    age = _old(g)
    child_first = _first(g)
    hosp, _ = _place(g, ["Hospital", "Medical Center", "Health System"])
    don_first, don_last = _first(g), _last(g)
    room = f"{g.r.randint(1, 3)}{g.r.randint(0, 4)}{g.r.randint(1, 9)}-{g.r.choice('AB')}"
    chair = g.r.random() < 0.5
    return [
        (facility.upper(), "LOCATION"),
        "\n",
        *_addr(g, "  ", 0.0),
        "   Main ",
        (_tel(g), "PHONE"),
        "\nINCIDENT / ACCIDENT REPORT - CONFIDENTIAL QUALITY DOCUMENT\n\n[ ] Skin tear  [X] Fall  [ ] Elopement  "
        "[ ] Med error  [ ] Altercation\nResident: ",
        (_full(g, res_first, res_last), "NAME"),
        f"   Room: {room}\nDOB: ",
        (_born(g, 1920, 1935), "DATE"),
        "   Age: ",
        (str(age), "AGE"),
        "   Adm: ",
        (_day(g, 2019, 2025), "DATE"),
        "   Resident #: ",
        (_chart(g), "MRN"),
        "\nSSN (last 4): ***-**-",
        (_num(g, 4), "SSN"),
        "   Medicare: ",
        (_medicare(g), "HEALTH_PLAN"),
        "   Medicaid: ",
        (_state_plan(g), "HEALTH_PLAN"),
        "\nDate of incident: ",
        (_day(g, 2025, 2026), "DATE"),
        f"   Time: {_clock(g)}   Location: [X] resident room  [ ] bathroom  [ ] dining  [ ] hallway\n\n"
        "Description (in the nurse's words): Resident found sitting on the floor beside the bed by CNA ",
        (_full(g), "NAME"),
        ". Bed alarm sounding; bed in low position; call light within reach. Resident states \"I wanted to go to the "
        "bathroom\". ",
        (res_first, "NAME"),
        " is a ",
        (_old_phrase(g, age), "AGE"),
        f" {g.r.choice(['woman', 'man', 'widow', 'retired dairy farmer'])} with dementia (BIMS 8/15), Morse Fall "
        "Scale 65, Braden 16. No LOC. Skin tear 3 cm L forearm (Steri-Strips), c/o R hip pain 4/10. ROM of R hip "
        "limited; no shortening or rotation. Assisted back to bed with the Hoyer lift (2 staff). VS: BP 152/84, P 92, "
        "SpO2 95% RA, BS 141.\n",
        "Resident's own " + ("power wheelchair (Pride Jazzy Select 6), serial " if chair
                             else "hearing aid (Phonak Audeo L90), L serial "),
        (f"{_chars(g, 1, 'JKPRS')}{_num(g, 9)}" if chair else f"{_num(g, 4)}{_chars(g, 1, 'HX')}{_num(g, 4)}",
         "DEVICE"),
        ", was " + ("unlocked, 4 ft from the bed" if chair else "not in (found on the nightstand)"),
        ".\n\nWitness statements: roommate (non-verbal); CNA ",
        (_inits(g), "NAME"),
        " last saw resident at ",
        _clock(g),
        " asleep.\n\nNotifications: MD - Dr. ",
        (_last(g), "NAME"),
        " at ",
        _clock(g),
        ", order: X-ray R hip, then send out. Family - ",
        g.r.choice(["daughter", "son", "POA/son", "granddaughter"]),
        " ",
        (f"{child_first} {g.r.choice([res_last, _last(g)])}", "NAME"),
        " at ",
        (_tel(g), "PHONE"),
        " (left message, then reached ",
        _clock(g),
        ").\nTransfer: to ",
        (hosp, "LOCATION"),
        " ED by ",
        (f"{_town(g)} Ambulance", "LOCATION"),
        "; report called to the charge nurse ",
        (_first(g), "NAME"),
        ".\nState reporting: SOM Appendix PP / F689 - initial report faxed to the state survey agency at ",
        (_tel(g), "FAX"),
        " within 2 h (",
        (_day(g, 2025, 2026), "DATE"),
        ").\n\nInterventions added: floor mats, toileting schedule q2h, PT screen, review of trazodone 50 mg hs.\n\n"
        "Completed by: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", LPN  Lic. ",
        (_nurse_lic(g, "LPN"), "LICENSE"),
        "\nReviewed: ",
        (f"{don_first} {don_last}".upper(), "NAME"),
        ", RN, DON   ",
        (_mail(g, don_first, don_last, _host(short)), "EMAIL"),
        "\n",
    ]


_CRITERIA = ["InterQual 2025 Acute Adult: Heart Failure, Day 2 - criteria met",
             "MCG 28th ed., Pneumonia ORG: M-160 - goal length of stay 3 days exceeded",
             "InterQual: COPD exacerbation, episode day 3 - discharge screens met",
             "MCG (Milliman) Sepsis ORG: M-280 - observation only"]


def ur_call_log(g: Source) -> list[Part]:
    """An insurer's utilisation-review call log for an inpatient stay, telegraphic and timestamped: the member ID and
    the authorisation number (ACCOUNT), the hospital's case manager and the plan's medical director (NAME), criteria
    sets (InterQual, MCG/Milliman: not PHI), a peer-to-peer, faxes, a very old member, a home ventilator's serial
    (DEVICE), the appeal address and the member portal's link."""
    local = g.r.random() < 0.5  # a regional plan named after its town is an organisation (LOCATION); a brand is not
    plan = f"{_town(g)} {g.r.choice(['Health Alliance', 'Community Health Plan'])}" if local else \
        g.r.choice(["Bluegrass Health Plan", "Heartland Advantage", "Summit Medicare Advantage", "Keystone Care HMO"])
    hosp, short = _place(g, ["Medical Center", "Hospital", "Regional Medical Center"])
    m_first, m_last = _first(g), _last(g)
    cm_first, cm_last = _first(g), _last(g)
    age = _old(g) if g.r.random() < 0.6 else g.r.randint(66, 89)
    age_part: Part = (_old_phrase(g, age), "AGE") if age >= 90 else f"{age} yo"
    nurse = _full(g)
    md_first, md_last = _first(g), _last(g)
    log = [
        "UM CASE NOTES - INPATIENT CONCURRENT REVIEW\nMember: ",
        (f"{m_last.upper()}, {m_first.upper()}", "NAME"),
        "   ID: ",
        (_plan_id(g), "HEALTH_PLAN"),
        "   DOB: ",
        (_born(g, 1921, 1958), "DATE"),
        "\nAuth #: ",
        (f"IP{_num(g, 9)}", "ACCOUNT"),
        "   Case #: ",
        (f"UM-{_num(g, 8)}", "MRN"),
        "   Plan: ",
        (plan, "LOCATION") if local else plan,
        "\nFacility: ",
        (hosp, "LOCATION"),
        "   Admit: ",
        (_day(g, 2025, 2026), "DATE"),
        "   Attending: Dr. ",
        (_last(g), "NAME"),
        "\n\n",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} - ",
        (_inits(g), "NAME"),
        " RN: call from CM ",
        (f"{cm_first} {cm_last}", "NAME"),
        " (",
        (_tel(g), "PHONE"),
        ") re ",
        age_part,
        " member adm via ED. Clinicals rec'd by fax from ",
        (_tel(g), "FAX"),
        ", 14 pp. ",
        g.r.choice(_CRITERIA),
        ". BNP 1840, Cr 1.9 (baseline 1.3), IV furosemide 40 mg BID, O2 3 L NC.\n",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} - ",
        (nurse, "NAME"),
        ", RN: LVM for CM. Day 3 not met; referred to MD review.\n",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} - P2P: plan medical director Dr. ",
        (f"{md_first} {md_last}", "NAME"),
        " with attending. Outcome: ",
        g.r.choice(["2 add'l days approved", "day 3 denied, observation level approved", "approved through discharge"]),
        ". Letter mailed to member at ",
        *_addr(g, ", ", 0.35),
        ".\n",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} - DC planning: home with home health (",
        (f"{_town(g)} Home Care", "LOCATION"),
        ") and member's own home ventilator (Philips Trilogy Evo) SN ",
        (f"TV{_num(g, 9)}", "DEVICE"),
        ", DME vendor confirmed. Daughter ",
        (_first(g), "NAME"),
        " aware, cell ",
        (_tel(g), "PHONE"),
        ".\n",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)} - NOMNC delivered; member may appeal to the QIO. Appeal rights also at ",
        (f"https://members.{_host(plan)}/appeals?case={_num(g, 8)}", "URL"),
        ". Case closed - ",
        (cm_first, "NAME"),
        " (",
        (_mail(g, cm_first, cm_last, _host(short)), "EMAIL"),
        ") notified.\n",
    ]
    return log


def mh_court_hearing(g: Source) -> list[Part]:
    """A mental-health court's minutes of an involuntary commitment hearing: the county court, the case number (the
    court's record of the respondent: MRN), magistrate, counsel, the examining psychiatrist and witnesses (NAME),
    statute sections, case law named after people and a state (O'Connor v. Donaldson, Addington v. Texas: not PHI; a
    year alone: not PHI), the respondent's impounded car (VEHICLE), a masked SSN, the hospital and the outpatient
    provider (LOCATION), the order's e-filing link and its distribution."""
    county = f"{g.r.choice([_town(g), _last(g)])} County"
    resp_first, resp_last = _first(g), _last(g)
    hosp, short = _place(g, ["Behavioral Health Hospital", "Psychiatric Center", "Medical Center - Behavioral Unit"])
    kinds = ["Community Mental Health", "Counseling Center", "ACT Team"]
    clinic = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    mag_first, mag_last = _first(g), _last(g)
    return [
        (f"PROBATE COURT OF {county.upper()}", "LOCATION"),
        ", ",
        _state(g),
        "\nMENTAL HEALTH DIVISION\n\nIN RE: THE MATTER OF ",
        (f"{resp_first} {resp_last}".upper(), "NAME"),
        ", RESPONDENT\nCase No. ",
        (f"{g.r.randint(25, 26)}-MH-{_num(g, 5)}", "MRN"),
        "\n\nMINUTES OF HEARING ON PETITION FOR INVOLUNTARY COMMITMENT\nDate: ",
        (_day(g, 2025, 2026), "DATE"),
        f"   Time: {g.r.randint(8, 11)}:{g.r.choice(['00', '15', '30', '45'])} a.m.   Place: courtroom held at ",
        (hosp, "LOCATION"),
        ", ",
        *_addr(g, ", ", 0.5),
        "\nPresiding: Magistrate ",
        (f"{mag_first} {_letter(g)}. {mag_last}", "NAME"),
        "\nPresent: Respondent (DOB ",
        (_born(g, 1960, 2004), "DATE"),
        "; SSN xxx-xx-",
        (_num(g, 4), "SSN"),
        "); counsel for Respondent ",
        (_full(g), "NAME"),
        ", Esq. (court-appointed); for the petitioner, Asst. County Attorney ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "; petitioner ",
        (f"{_first(g)} {resp_last}", "NAME"),
        " (",
        g.r.choice(["mother", "sister", "husband", "father"]),
        ").\n\nProceedings: The Court advised Respondent of the right to remain silent and to a jury. Exhibits 1-3 "
        "admitted (application, certificate of the examining physician dated ",
        (_day(g, 2025, 2026), "DATE"),
        ", treatment plan).\nTestimony of ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD (psychiatrist, ",
        (short, "LOCATION"),
        "): Respondent, ",
        _under(g, 19, 64),
        ", was brought in by ",
        (f"{_town(g)} Police Department", "LOCATION"),
        " on ",
        (_day(g, 2025, 2026), "DATE"),
        " after driving the wrong way; car (",
        g.r.choice(["2015 Kia Soul", "2009 Honda Accord", "2018 Chevrolet Malibu", "2012 Dodge Caravan"]),
        ", plate ",
        (_tag(g), "VEHICLE"),
        ", VIN ",
        (_vin(g), "VEHICLE"),
        ") impounded. Diagnosis: bipolar I disorder, current episode manic, severe with psychotic features (F31.2). "
        "No insight; refused lithium and olanzapine. Least restrictive alternative considered.\n"
        "Cross-examination by counsel. Respondent testified on own behalf.\n\nFindings: By clear and convincing "
        "evidence (Addington v. Texas, 441 U.S. 418 (1979); O'Connor v. Donaldson (1975)) Respondent is mentally ill "
        "and, as a result, a danger to self or others under section 5122.01(B).\nORDER: ",
        g.r.choice(["committed to the hospital for a period not to exceed 90 days; aftercare at ",
                    "outpatient commitment for 90 days, conditional on treatment at "]),
        (clinic, "LOCATION"),
        " (case manager ",
        (_full(g), "NAME"),
        ", ",
        (_tel(g), "PHONE"),
        "). Next review hearing ",
        (_day(g, 2026, 2026), "DATE"),
        ".\n\nFiled: ",
        (f"https://efile.{_host(county)}/probate/{_num(g, 10)}", "URL"),
        "   Copies: counsel (fax ",
        (_tel(g), "FAX"),
        "), hospital records (",
        (_mail(g, _first(g), _last(g), _host(hosp)), "EMAIL"),
        ")\n\n/s/ ",
        (f"{mag_first} {mag_last}", "NAME"),
        ", Magistrate     Minutes by deputy clerk ",
        (_inits(g), "NAME"),
        "\n",
    ]


_EVIDENCE = ["oral swabs x2 + smear", "vaginal/cervical swabs x4 + smear", "perianal swabs x2",
             "fingernail scrapings L/R", "underwear (paper bag)", "reference blood card (FTA)", "debris collection",
             "bite-mark swab L shoulder", "pubic hair combings", "urine (DFSA kit), 90 mL"]


def sane_custody(g: Source) -> list[Part]:
    """A sexual assault nurse examiner's evidence record and chain of custody, a table of hand-offs: the kit's barcode
    (ACCOUNT), the police report number (the department's record of the patient's complaint: MRN), the officer's badge
    (LICENSE), the advocate and her centre, the patient's elimination prints (BIOMETRIC), the patient's car processed
    for evidence (VEHICLE), drug and device names (Wood's lamp, toluidine blue, Foley technique: not PHI), the SANE's
    licence, capitals in the form's headings and names."""
    hosp, short = _place(g, ["Medical Center", "Hospital", "Regional Medical Center", "Health - Forensic Nursing"])
    pd = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Police Department', 'County Sheriff', 'PD'])}"
    pt_first, pt_last = _first(g), _last(g)
    sane_first, sane_last = _first(g), _last(g)
    officer_last = _last(g)
    items = g.r.sample(_EVIDENCE, 5)
    rows: list[Part] = []
    for i, item in enumerate(items, 1):
        rows += [f"{i:>2} | {item:<36}| {_clock(g)} | ", (_inits(g), "NAME"), "\n"]
    return [
        (hosp, "LOCATION"),
        " - FORENSIC NURSING PROGRAM\nSEXUAL ASSAULT EVIDENCE COLLECTION & CHAIN OF CUSTODY\n\nKit barcode: ",
        (f"SAK{_num(g, 8)}", "ACCOUNT"),
        "   Agency: ",
        (pd, "LOCATION"),
        "   Report #: ",
        (f"{g.r.randint(25, 26)}-{_num(g, 6)}", "MRN"),
        "\nPatient: ",
        (_full(g, pt_first, pt_last), "NAME"),
        "   DOB: ",
        (_born(g, 1970, 2007), "DATE"),
        "   MRN: ",
        (_chart(g), "MRN"),
        "\nSafe contact number: ",
        (_tel(g), "PHONE"),
        " (OK to leave message: no)   Address withheld at patient request.\nAssault: ",
        (_day(g, 2025, 2026), "DATE"),
        f" approx. {_clock(g)}   Exam start: ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)}   Interval: < 72 h\nLocation of assault: in the patient's car (",
        g.r.choice(["2014 Ford Focus", "2019 Toyota RAV4", "2011 Nissan Altima", "2020 Hyundai Tucson"]),
        ", plate ",
        (_tag(g), "VEHICLE"),
        ") in the lot of ",
        (f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Tavern', 'Bowling Lanes', 'Apartments', 'Motel'])}",
         "LOCATION"),
        "; vehicle held by police for processing.\nAdvocate present: ",
        (_full(g), "NAME"),
        ", ",
        (f"{_town(g)} Rape Crisis Center", "LOCATION"),
        "\n\nConsent: medical exam [X]  evidence collection [X]  photography [X]  release to law enforcement [X]  "
        "toxicology [ ]\nPatient's elimination fingerprints (AFIS card no. ",
        (f"EL-{_num(g, 9)}", "BIOMETRIC"),
        ") taken by the agency.\nFindings: Wood's lamp: no fluorescence; toluidine blue: uptake at 6 o'clock "
        "posterior fourchette, 4 mm laceration; Foley catheter technique used for visualisation (no catheter "
        "left). Photos: 22 images, colposcope camera (Cortex), internal only.\nMeds: ceftriaxone 500 mg IM, "
        "doxycycline 100 mg BID x7 d, metronidazole 2 g, levonorgestrel 1.5 mg, HIV nPEP (Biktarvy) 28 days.\n\n"
        "Evidence collected\n # | Item                                | Sealed | By\n",
        *rows,
        "\nCHAIN OF CUSTODY\nReleased by: ",
        (f"{sane_first} {sane_last}".upper(), "NAME"),
        ", RN, SANE-A   Lic. ",
        (_nurse_lic(g), "LICENSE"),
        "   ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)}\nReceived by: Ofc. ",
        (officer_last.upper(), "NAME"),
        ", badge #",
        (_num(g, g.r.choice([3, 4])), "LICENSE"),
        "   ",
        (_day(g, 2025, 2026), "DATE"),
        f" {_clock(g)}   Storage: evidence locker 7, refrigerated 2-8 C\nFollow-up: ",
        (short, "LOCATION"),
        " forensic clinic ",
        (_day(g, 2025, 2026), "DATE"),
        "; questions ",
        (_mail(g, sane_first, sane_last, _host(short)), "EMAIL"),
        "\n",
    ]


def _vm(g: Source, n: int, total: int, when: str, number: str) -> list[Part]:
    return [f"--- message {n} of {total} --- received ", (when, "DATE"), f" {_clock(g)} from ", (number, "PHONE"),
            f" (duration 0:{g.r.randint(18, 59)})\n"]


def answering_service(g: Source) -> list[Part]:
    """An after-hours answering service's voicemail transcripts and callback log for a practice, as speech-to-text
    writes them (lowercase, few commas): a daughter about her ninety-something mother (AGE spoken), dates of birth and
    numbers as callers say them, the caller verified by voiceprint (BIOMETRIC), a home oxygen concentrator's serial
    (DEVICE), a pharmacy (LOCATION), a portal message's IP address, the on-call doctor and the operator."""
    practice, short = _place(g, ["Internal Medicine", "Family Practice", "Primary Care Associates", "Medical Group"])
    c1_first, c1_last = _first(g), _last(g)
    mom_first = _first(g)
    age = _old(g)
    c2_first, c2_last = _first(g), _last(g)
    c3_first, c3_last = _first(g), _last(g)
    pharmacy = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Pharmacy', 'Drugs', 'Apothecary'])}"
    oncall = _last(g)
    return [
        (f"{_last(g)} Answering Service", "LOCATION"),
        " - after-hours transcripts for ",
        (practice, "LOCATION"),
        "\nshift: ",
        (_day(g, 2025, 2026), "DATE"),
        " 5:00 pm to 8:00 am   on call: dr. ",
        (oncall, "NAME"),
        "   operator: ",
        (_first(g), "NAME"),
        "\n\n",
        *_vm(g, 1, 3, _day(g, 2025, 2026), _tel(g)),
        "\"hi this is ",
        (f"{c1_first} {c1_last}", "NAME"),
        " calling about my mom ",
        (f"{mom_first} {g.r.choice([c1_last, _last(g)])}", "NAME"),
        " she's ",
        (_old_phrase(g, age), "AGE"),
        " date of birth ",
        (_born(g, 1921, 1935), "DATE"),
        " she's been more confused since ",
        (_feast(g), "DATE"),
        " and her oxygen machine keeps beeping the serial on the back says ",
        (f"{_chars(g, 3, 'ABCDEFGHJK')}{_num(g, 6)}", "DEVICE"),
        " i think it's the inogen one um please call me back at ",
        (_tel(g), "PHONE"),
        " thank you\"\ncaller verified by voiceprint, profile ",
        (f"VP-{_chars(g, 10, '0123456789ABCDEF')}", "BIOMETRIC"),
        "; triage: advised to call the DME company and go to the ER if short of breath. paged dr. ",
        (oncall, "NAME"),
        f" {_clock(g)}, returned call {_clock(g)}.\n\n",
        *_vm(g, 2, 3, _day(g, 2025, 2026), _tel(g)),
        "\"yeah it's ",
        (f"{c2_first} {c2_last}".lower(), "NAME"),
        " that's ",
        ("-".join(c2_last.lower()), "NAME"),
        " i need a refill of my lisinopril 20 and the metformin 500 i'm out tomorrow the pharmacy is ",
        (pharmacy, "LOCATION"),
        " on ",
        (_street(g, 0.0), "ADDRESS"),
        " my birthday is ",
        (_born(g, 1945, 1990), "DATE"),
        " and my insurance is ",
        g.r.choice(["humana", "aetna", "united", "blue cross"]),
        " number ",
        (_plan_id(g), "HEALTH_PLAN"),
        " thanks\"\nnon-urgent: routed to refill queue for ",
        (_day(g, 2025, 2026), "DATE"),
        ".\n\n",
        *_vm(g, 3, 3, _day(g, 2025, 2026), _tel(g)),
        "\"hello good evening this is ",
        (_full(g, c3_first, c3_last), "NAME"),
        " i had the colonoscopy with doctor ",
        (_last(g), "NAME"),
        " on ",
        (_day(g, 2025, 2026), "DATE"),
        " and i've got some bleeding not a lot please call ",
        (_tel(g), "PHONE"),
        " or email me at ",
        (_mail(g, c3_first, c3_last), "EMAIL"),
        "\"\nalso sent portal message from ",
        (_ip(g), "IP"),
        " at ",
        _clock(g),
        "; paged on-call, pt advised ER if > 1 cup or dizzy.\n\nlog reviewed by ",
        (_inits(g).lower(), "NAME"),
        " (",
        (short, "LOCATION"),
        " triage rn) ",
        (_day(g, 2025, 2026), "DATE"),
        "; fax copy to the office at ",
        (_tel(g), "FAX"),
        "\n",
    ]


_CHARGES = [("99285", "ED visit, high complexity", 2140.00), ("71046", "X-ray chest 2 views", 312.00),
            ("80053", "Comprehensive metabolic panel", 188.00), ("85025", "CBC w/ auto diff", 96.00),
            ("93005", "ECG tracing", 245.00), ("J1885", "Ketorolac inj 15 mg", 42.00),
            ("96374", "IV push, single drug", 398.00), ("74177", "CT abd/pelvis w/ contrast", 3890.00),
            ("0450", "Emergency room - general (rev code)", 1275.00), ("36415", "Venipuncture", 28.00)]


def billing_statement(g: Source) -> list[Part]:
    """A hospital's patient billing statement: the guarantor's mailing block (name, address, ZIP+4), the account and
    statement numbers (ACCOUNT), the patient's MRN and member ID, a masked SSN, a table of charges with dates of
    service beside CPT, HCPCS and revenue codes and amounts (not PHI), a CPAP rental's serial (DEVICE), the pay-online
    link, the financial counsellor, and the collection agency (LOCATION) with its own account number."""
    hosp, short = _place(g, ["Health System", "Hospital", "Medical Center", "Regional Health"])
    g_first, g_last = _first(g), _last(g)
    pt_first = _first(g)
    lines = g.r.sample(_CHARGES, 5)
    dos = _day(g, 2025, 2026)
    total = sum(c for _, _, c in lines) + 69.50
    rows: list[Part] = []
    for code, what, cost in lines:
        rows += [(dos, "DATE"), f"  {code:<6} {what:<38} {cost:>9,.2f}\n"]
    paid = round(total * 0.8, 2)
    agency = f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Credit Bureau', 'Recovery Services', 'Collections'])}"
    return [
        (hosp.upper(), "LOCATION"),
        "\nPATIENT BILLING OFFICE   ",
        (f"PO Box {g.r.randint(1000, 9999)}", "ADDRESS"),
        ", ",
        (_town(g), "LOCATION"),
        " ",
        _state(g),
        " ",
        (_zip(g), "ZIP"),
        "   Customer service ",
        (_tel(g), "PHONE"),
        "\n\nSTATEMENT DATE ",
        (_day(g, 2026, 2026), "DATE"),
        "   GUARANTOR ACCOUNT ",
        (_acct(g), "ACCOUNT"),
        "   PAGE 1 OF 1\n\n",
        (f"{g_first} {g_last}".upper(), "NAME"),
        "\n",
        *_addr(g, "\n", 0.35),
        "\n\nPatient: ",
        (f"{pt_first} {g_last}" if g.r.random() < 0.6 else _full(g), "NAME"),
        "   MRN ",
        (_chart(g), "MRN"),
        "   Guarantor SSN: XXX-XX-",
        (_num(g, 4), "SSN"),
        "\nPrimary insurance: ",
        g.r.choice(["Anthem Blue Cross PPO", "Ambetter Silver", "Cigna Open Access Plus", "UMR"]),
        "   Member ID ",
        (_plan_id(g), "HEALTH_PLAN"),
        "\n\nDATE       CODE   DESCRIPTION                              CHARGES\n",
        *rows,
        (_day(g, 2025, 2026), "DATE"),
        "  E0601  CPAP rental, month 2 (ResMed AirSense 11), SN ",
        (f"{_num(g, 11)}", "DEVICE"),
        "     69.50\n",
        f"                  Total charges                           {total:>9,.2f}\n"
        f"                  Insurance payments/adjustments         -{paid:>9,.2f}\n"
        f"                  AMOUNT DUE FROM YOU                    {total - paid:>9,.2f}\n\n"
        "Pay online: ",
        (f"https://pay.{_host(short)}/?acct={_num(g, 10)}", "URL"),
        "  (last payment received ",
        (_day(g, 2025, 2026), "DATE"),
        " from ",
        (_ip(g), "IP"),
        ")\nQuestions about financial assistance (charity care up to 400% FPL): ",
        (_full(g), "NAME"),
        ", financial counselor, ",
        (_mail(g, _first(g), _last(g), _host(short)), "EMAIL"),
        "\nPAST DUE 120 DAYS: this balance will be referred to ",
        (agency, "LOCATION"),
        " (acct ",
        (f"{_chars(g, 2, 'CRX')}{_num(g, 8)}", "ACCOUNT"),
        ") after ",
        (_day(g, 2026, 2026), "DATE"),
        " unless paid or a payment plan is set up.\n",
    ]


def dds_fax(g: Source) -> list[Part]:
    """A fax cover sheet and the consultative examination report it carries to a state Disability Determination
    Service: the claimant's full SSN and the DDS case number (the agency's record of the person: MRN), the examiner's
    licence and NPI, the claimant's driver's licence checked for identity, a confidentiality notice, examination signs
    named after people (Romberg, Spurling, Phalen, Tinel) and a Jamar dynamometer (not PHI), ages under 90."""
    practice, short = _place(g, ["Occupational & Disability Evaluations", "Medical Consultants", "Internal Medicine",
                                 "Family Medicine"])
    state_dds = f"{_state(g)} Disability Determination Services"
    cl_first, cl_last = _first(g), _last(g)
    analyst = _full(g)
    ex_first, ex_last = _first(g), _last(g)
    return [
        "FAX COVER SHEET\n\nDate: ",
        (_day(g, 2025, 2026), "DATE"),
        "     Pages (incl. cover): ",
        str(g.r.randint(4, 9)),
        "\nTo: ",
        (analyst, "NAME"),
        ", Disability Examiner, ",
        state_dds,
        "\nFax: ",
        (_tel(g), "FAX"),
        "     Phone: ",
        (_tel(g), "PHONE"),
        "\nFrom: ",
        (practice, "LOCATION"),
        "\n",
        *_addr(g, ", ", 0.6),
        "\nFax: ",
        (_tel(g), "FAX"),
        "     Phone: ",
        (_tel(g), "PHONE"),
        "\nRe: Claimant ",
        (f"{cl_last}, {cl_first}".upper(), "NAME"),
        "   SSN ",
        (_social(g), "SSN"),
        "   DDS case # ",
        (f"{_chars(g, 2, 'DGKR')}{_num(g, 7)}", "MRN"),
        "\n\nCONFIDENTIALITY NOTICE: This facsimile contains protected health information. If you received it in "
        "error, notify the sender and destroy all copies.\n\n"
        "CONSULTATIVE EXAMINATION - INTERNAL MEDICINE\nClaimant: ",
        (_full(g, cl_first, cl_last), "NAME"),
        "   DOB ",
        (_born(g, 1962, 1990), "DATE"),
        "   Exam date ",
        (_day(g, 2025, 2026), "DATE"),
        "\nIdentity: driver's license ",
        (_driver(g), "LICENSE"),
        " (",
        _state(g),
        "), photo matches. Came by ",
        g.r.choice(["bus", "a ride from her sister", "car (drove himself, 40 min)", "medical transport"]),
        "; lives at ",
        *_addr(g, ", ", 0.4),
        ".\n\nAllegations (SSA-3368): low back pain, diabetes with neuropathy, carpal tunnel. Last worked at ",
        (_firm(g), "LOCATION"),
        " until ",
        (_day(g, 2022, 2025), "DATE"),
        f" as a {g.r.choice(['forklift operator', 'CNA', 'line cook', 'welder', 'cashier'])}.\nThe claimant is a ",
        _under(g, 38, 63),
        " with A1c 8.9%. BP 146/90, BMI 36.2. Gait antalgic, no assistive device; can heel- and toe-walk; squats "
        "halfway. Romberg negative. Lumbar flexion 60 degrees; SLR positive L at 45 degrees seated and supine; "
        "Spurling negative. Grip (Jamar, position 2): R 22 kg, L 26 kg. Phalen and Tinel positive R. Monofilament "
        "decreased to the ankles bilaterally.\n\nMedical source statement: can lift 20 lb occasionally, 10 lb "
        "frequently; stand/walk 4 of 8 h; frequent but not constant handling R.\n\n",
        (f"{ex_first} {ex_last}", "NAME"),
        ", MD   License ",
        (f"{_chars(g, 2, 'MDE')}{_num(g, 6)}", "LICENSE"),
        "   NPI ",
        (_npi(g), "LICENSE"),
        "\nReturn questions to ",
        (_mail(g, ex_first, ex_last, _host(short)), "EMAIL"),
        "\n",
    ]


_CONDITIONS = [("migraine without aura, chronic", "G43.709", "2-4 episodes per month, 1-2 days each", "Neurology",
                "neurology"),
               ("Crohn's disease, ileal", "K50.00", "flare-ups 1-2 per month lasting 1-3 days",
                "Gastroenterology Associates", "gastroenterology"),
               ("moderate persistent asthma", "J45.40", "1-2 exacerbations per month, 1-2 days each",
                "Pulmonary & Allergy", "pulmonology"),
               ("major depressive disorder, recurrent, moderate", "F33.1", "episodic, up to 3 days per month",
                "Behavioral Health", "psychiatry"),
               ("post-op recovery, L total knee arthroplasty", "Z96.652", "continuous leave, then PT 2x/week",
                "Orthopaedic Specialists", "orthopaedic surgery")]


def fmla_certification(g: Source) -> list[Part]:
    """A Family and Medical Leave Act certification of a health care provider for an employee (form WH-380-E) with
    check boxes: the employer (LOCATION) and its HR contact, the employee and job title, the provider's practice, NPI
    and licence, dates of the condition and of leave, frequency estimates and ICD-10 codes (not PHI), the form's
    number, its regulation and a year alone (not PHI), the e-signature's IP address and the HR portal's link."""
    employer = _firm(g)
    hr_first, hr_last = _first(g), _last(g)
    emp_first, emp_last = _first(g), _last(g)
    cond, code, freq, kind, specialty = g.r.choice(_CONDITIONS)
    practice, _ = _place(g, [kind])
    doc_first, doc_last = _first(g), _last(g)
    return [
        "Certification of Health Care Provider for Employee's Serious Health Condition under the Family and "
        "Medical Leave Act\nU.S. Department of Labor, Wage and Hour Division - Form WH-380-E (revised 2020), OMB "
        "Control Number 1235-0003, 29 CFR 825.306\n\nSECTION I - EMPLOYER\nEmployer name: ",
        (employer, "LOCATION"),
        "\nContact: ",
        (f"{hr_first} {hr_last}", "NAME"),
        ", HR Benefits   Phone ",
        (_tel(g), "PHONE"),
        "   Email ",
        (_mail(g, hr_first, hr_last, _host(employer)), "EMAIL"),
        "\nEmployee: ",
        (f"{emp_first} {emp_last}", "NAME"),
        f"   Job title: {g.r.choice(['machine operator', 'customer service rep', 'bus driver', 'teacher aide'])}"
        "   Regular schedule: 40 h/week\nEmployee's state ID card: ",
        (_driver(g), "LICENSE"),
        "   Date form given: ",
        (_day(g, 2025, 2026), "DATE"),
        "   Return by: ",
        (_day(g, 2025, 2026), "DATE"),
        "\n\nSECTION III - HEALTH CARE PROVIDER\nProvider: ",
        (f"{doc_first} {doc_last}", "NAME"),
        ", MD   Specialty: ",
        specialty,
        "\nPractice: ",
        (practice, "LOCATION"),
        ", ",
        *_addr(g, ", ", 0.5),
        "\nTelephone: ",
        (_tel(g), "PHONE"),
        "   Fax: ",
        (_tel(g), "FAX"),
        "   NPI ",
        (_npi(g), "LICENSE"),
        "   DEA ",
        (_dea(g, doc_last), "LICENSE"),
        "\n\nPart A - Medical facts\n1. Approximate date condition commenced: ",
        (_day(g, 2018, 2025), "DATE"),
        "   Probable duration: lifetime\n   Patient seen on: ",
        (_day(g, 2025, 2026), "DATE"),
        ", ",
        (_day(g, 2025, 2026), "DATE"),
        "\n   [X] Inpatient care: admitted to ",
        (f"{_town(g)} General Hospital", "LOCATION"),
        " from ",
        (_day(g, 2025, 2026), "DATE"),
        " to ",
        (_day(g, 2025, 2026), "DATE"),
        "\n   [ ] Pregnancy   [X] Chronic condition   [ ] Treatment by another provider\n"
        f"2. Condition: {cond} ({code}).\nPart B - Amount of leave needed\n5. [X] Incapacity for a single "
        "continuous period: from ",
        (_day(g, 2025, 2026), "DATE"),
        " through ",
        (_day(g, 2026, 2026), "DATE"),
        f"\n7. [X] Episodic flare-ups: {freq}.\n   [ ] No   [X] Yes - will the condition cause episodic flare-ups?"
        "\n\nSignature: /e-signed/ ",
        (f"{doc_first} {doc_last}", "NAME"),
        "   Date: ",
        (_day(g, 2025, 2026), "DATE"),
        "\nSigned electronically via ",
        (f"https://leave.{_host(employer)}/fmla/{_chars(g, 9, 'abcdefghjkmnpqrstuvwxyz0123456789')}", "URL"),
        " from IP ",
        (_ip(g), "IP"),
        "; a copy to the employee at ",
        (_mail(g, emp_first, emp_last), "EMAIL"),
        ".\n",
    ]


_PLAIN = ("mixed",)
_BOXES = ("mixed", "caps")  # printed forms come in capitals too
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V8_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "well-child": (well_child, ("mixed", "mixed", "lower")),
    "vaers-report": (vaers_report, _BOXES),
    "nursing-home-incident": (nursing_home_incident, ("mixed", "mixed", "caps")),
    "ur-call-log": (ur_call_log, ("mixed", "lower", "caps")),
    "mh-court-hearing": (mh_court_hearing, ("mixed", "mixed", "caps")),
    "sane-custody": (sane_custody, _BOXES),
    "answering-service": (answering_service, ("lower", "lower", "mixed")),
    "billing-statement": (billing_statement, _BOXES),
    "dds-fax": (dds_fax, _PLAIN),
    "fmla-certification": (fmla_certification, ("mixed", "mixed", "caps")),
}
