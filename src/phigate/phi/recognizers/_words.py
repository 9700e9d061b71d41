"""Word lists that steer the name, place and facility recognizers (kept small and reviewable)."""

from __future__ import annotations

TITLES = frozenset("""dr doctor mr mrs ms miss mx prof professor nurse""".split())
# words after which the next one to three name-like words are a person's name
NAME_TRIGGERS = frozenset("""patient pt name husband wife daughter son mother father mom dad brother sister spouse
partner friend neighbor neighbour caregiver guardian grandson granddaughter grandmother grandfather grandma grandpa
aunt uncle niece nephew cousin fiance fiancee boyfriend girlfriend roommate employer boss by attending resident
pcp cc dear contact np pa sincerely regards surgeon physician provider therapist pharmacist dictated signed
witness interpreter translator mrs mr ms dr doctor nurse rn md author cosigned chaplain""".split())
# credentials written after a name: "Jane Roe, MD"
CREDENTIALS = frozenset("""md do rn np pa pa-c phd lpn cna dds pharmd lcsw msw fnp aprn crna dpm od dnp mph facs
facp""".split())
STOP = frozenset("""the a an and or of to in on at by for from with without is was were be been are am has had have
this that these those his her their our your my its he she they we you it who whom which what when where why how
not no yes than then there here as if but so up out over under into onto per via re vs about after before since
until while during because also very more most less least some any all each every both either neither other
another same such own only just again further once""".split())
CITY_TRIGGERS = frozenset("""in from to near at lives living live resides residing reside moved born home visiting
city town village""".split())
STRONG_CITY_TRIGGERS = frozenset("""lives living live resides residing reside moved born visiting city town
village""".split())
FACILITY_HEADS = ("hospital", "clinic", "medical center", "health center", "infirmary", "nursing home",
                  "rehabilitation center", "rehab center", "hospice", "health system", "medical group",
                  "healthcare", "urgent care", "surgery center", "cancer center", "medical centre", "sanatorium",
                  "nursing facility", "care center", "family practice", "pharmacy", "health clinic")
FACILITY_GENERIC = frozenset("""general medical memorial regional community university county children's childrens
state city valley st saint mercy family health care women's womens veterans va central north south east west
new the of and""".split())
STATE_ABBREVIATIONS = frozenset("""AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR""".split())
STATE_NAMES = frozenset("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
virginia washington wisconsin wyoming""".split())
# suffixes of clinical words (diagnoses, procedures, drug classes) that are never names on their own
MEDICAL_SUFFIXES = ("itis", "osis", "emia", "ectomy", "otomy", "ostomy", "plasty", "scopy", "algia", "pathy",
                    "uria", "oma", "ase", "pril", "sartan", "olol", "statin", "mab", "nib", "cillin", "mycin",
                    "azole", "prazole", "tidine", "dipine", "gram", "graphy", "plegia", "paresis", "cele",
                    "penia", "cytosis", "trophy", "megaly", "rrhea", "rrhage", "lysis", "genic", "tomy")
# auxiliaries and other words that are names only with a capital letter ("pt will return")
AUX = frozenset("""will may can could would should shall must might did does do had has have are is was were be
said see saw go went get got let art bill sue pat rich ray guy dawn faith hope joy grace""".split())
CLINICIAN_TITLES = frozenset("dr doctor prof professor nurse".split())
# nouns that make the eponym before them clinical: "Foley catheter", "Parkinson's disease"
EPONYM_HEADS = frozenset("""disease diseases syndrome sign signs catheter palsy score scale scales lymphoma sarcoma
test maneuver manoeuvre reflex line tube drain drains procedure fracture phenomenon criteria classification
esophagus ulcer tumor tumour node nodes stocking stockings stockings monitor position repair operation pouch
thyroiditis dementia chorea anomaly triad law syndrome's s""".split())
