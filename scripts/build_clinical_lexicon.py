"""Build the clinical lexicon and the English word frequencies the PHI scorer reads, from registry-held sources.

Run it in a throwaway environment, never the project's venv::

    apt-get install -y hunspell-en-med        # /usr/share/hunspell/en_med_glut.dic (GPL-3+)
    python3 -m venv /tmp/lexbuild && /tmp/lexbuild/bin/pip install 'wordfreq>=3.1,<4'
    /tmp/lexbuild/bin/python scripts/build_clinical_lexicon.py

Outputs (committed; the engine never imports wordfreq nor needs the Debian package):

* ``src/phigate/phi/data/clinical.txt``: lowercase clinical words, one per line: every word of Debian's
  ``hunspell-en-med`` (OpenMedSpel and MTH-Med-Spel-Chek: anatomy, diseases, procedures, drug generic and brand
  names; a broad list that also holds some names, so it is weaker evidence);
* ``src/phigate/phi/data/icu_shorthand.txt``: the ICU and nursing abbreviations below, hand-written from general
  clinical knowledge (strong evidence: a nurse's shorthand, not a name);
* ``src/phigate/phi/data/zipf.tsv``: ``word<TAB>zipf*10`` from ``wordfreq`` (English) for every word of the name,
  place and clinical dictionaries that English uses at all (Zipf >= 1): how common the word is in English text.

No text of any clinical note goes into either file. Sources and licences: ``docs/phi.md`` and ``data/SOURCES.md``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "phigate" / "phi" / "data"
EN_MED = Path("/usr/share/hunspell/en_med_glut.dic")
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")

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
""".split()  # noqa: SIM905 (a word list, read as prose)


def _en_med_words() -> set[str]:
    if not EN_MED.is_file():
        sys.exit("missing /usr/share/hunspell/en_med_glut.dic: apt-get install hunspell-en-med")
    words: set[str] = set()
    for line in EN_MED.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line or line[0].isspace() or line.isdigit():
            continue  # the header and the word count
        entry = line.split("/", 1)[0].strip().lower()
        words.update(w for w in _WORD.findall(entry) if len(w) > 1)
    return words


def _lines(name: str) -> list[str]:
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def main() -> int:
    from wordfreq import zipf_frequency

    clinical = _en_med_words()
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
        if z >= 1.0:
            rows.append(f"{w}\t{round(z * 10)}")
    (DATA / "zipf.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"clinical.txt: {len(clinical)} words; icu_shorthand.txt: {len(shorthand)}; zipf.tsv: {len(rows)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
