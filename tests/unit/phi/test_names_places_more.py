"""More person names and places in the forms clinics write them, in every letter case (issue 11, helper ``names3``).

Every sentence is hand-written and synthetic; the names and towns are invented ("Brisa Quennel", "Corwin Ashgrove")
so that most of them no dictionary holds, and each is found from general evidence: the role or the form's label
before it, a letter's closing above it, its kin in a family history, a county's name. Each row gives the letter cases
it must hold in ("m"ixed, "c"apitals, "l"owercase); the hard negatives put clinical and English words in the same
places.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (sentence, the phrase that must be found, the letter cases it must be found in)
FORMS = [
    # roles a chart names people by, written before the name or as a form's label
    ("Counselor Brisa Quennel met with the patient.", "Brisa Quennel", "mcl"),
    ("Social worker Tamsin Orlevy arranged transport.", "Tamsin Orlevy", "mcl"),
    ("Case manager Ferro Dalquist will follow up.", "Ferro Dalquist", "mcl"),
    ("Proband: Corwin Ashgrove, age 12.", "Corwin Ashgrove", "mcl"),
    ("Notary: Gideon Ravensworth", "Gideon Ravensworth", "mcl"),
    ("Therapist: Lucan Pryderi", "Lucan Pryderi", "mcl"),
    ("First assist: Orla Whitcombe", "Orla Whitcombe", "mcl"),
    ("Doula: Marisol Quintero", "Marisol Quintero", "mcl"),
    ("Nephrologist: Obadiah Keane", "Obadiah Keane", "mcl"),
    ("Reviewer: Lazlo Brandt", "Lazlo Brandt", "mcl"),
    ("Dialysis tech Tamsin Orlevy cannulated the fistula.", "Tamsin Orlevy", "m"),
    ("Medic Tamsin Orlevy gave report.", "Tamsin Orlevy", "mcl"),
    ("Fellow Ferro Dalquist placed the line.", "Ferro Dalquist", "mcl"),
    ("Principal Ferro Dalquist called the nurse.", "Ferro Dalquist", "mcl"),
    ("Landlord Ferro Dalquist found her on the floor.", "Ferro Dalquist", "mcl"),
    ("Next of kin: Ferro Dalquist (husband)", "Ferro Dalquist", "mcl"),
    ("NOK: Ferro Dalquist", "Ferro Dalquist", "mcl"),
    ("Surrogate decision maker: Ferro Dalquist", "Ferro Dalquist", "mcl"),
    ("Baby girl Ophira delivered at 0412.", "Ophira", "mcl"),
    ("Baby boy Caspian Orlevy, 3.2 kg.", "Caspian Orlevy", "mcl"),
    # a person speaking, in a lowercase note too, or doing what a note's first sentence says a patient does
    ("Weigh daily. Orlevy verbalized understanding of the plan.", "Orlevy", "mcl"),
    ("Adelric presented with chest pain.", "Adelric", "mcl"),
    ("Quorvin denies fever or chills.", "Quorvin", "mcl"),
    ("Orlevy underwent a colonoscopy in 2019.", "Orlevy", "mcl"),
    # a family by a surname no list holds, doctors in the plural as a title
    ("Quorvin family at bedside, updated on the plan.", "Quorvin", "mcl"),
    ("Doctors Quorvin and Orlevy agree with the plan.", "Orlevy", "mcl"),
    # board certifications after a name
    ("Orlevy, Tamsin, NP-C", "Orlevy, Tamsin", "mcl"),
    ("Diet reviewed by Tamsin Orlevy, RDN", "Tamsin Orlevy", "mcl"),
    # a letter's closing, then the blank lines left for the signature
    ("Please call with questions.\nSincerely,\n\nEustace Pennywhistle", "Eustace Pennywhistle", "mcl"),
    ("Please call with questions.\nYours truly,\n\nOrla Whitcombe, MD", "Orla Whitcombe", "mcl"),
    # kin in a family history or a pedigree
    ("Sibling: Caspian, age 9, asthma.", "Caspian", "mcl"),
    ("Half-sister Ione Varga has lupus.", "Ione Varga", "mcl"),
    # who decides for the patient
    ("POA: Cosimo Tellwright (nephew)", "Cosimo Tellwright", "mcl"),
    ("Power of attorney: Cosimo Tellwright", "Cosimo Tellwright", "mcl"),
    ("Health care agent: Cosimo Tellwright", "Cosimo Tellwright", "mcl"),
    # whom a home-health, psychiatric, pharmacy or insurance record is about or heard from
    ("Client: Adelric Quorvin", "Adelric Quorvin", "mcl"),
    ("Member: Adelric Quorvin\nMember ID: XQH448213991", "Adelric Quorvin", "mcl"),
    ("Caller: Tamsin Orlevy (daughter)", "Tamsin Orlevy", "mcl"),
    ("Informant: Tamsin Orlevy, mother", "Tamsin Orlevy", "mcl"),
    ("Parent: Tamsin Orlevy", "Tamsin Orlevy", "mcl"),
    ("Sitter Tamsin Orlevy at bedside overnight.", "Tamsin Orlevy", "mcl"),
    ("Good morning Adelric, your labs look good.", "Adelric", "mcl"),
    # a name an age or a record's identifier follows, where case tells nothing too
    ("Adelric Quorvin is a 45 y/o man with HTN.", "Adelric Quorvin", "mcl"),
    ("Adelric Quorvin (DOB 1/2/1950)", "Adelric Quorvin", "mcl"),
    ("Quorvin, Adelric (MRN 12345678)", "Quorvin, Adelric", "mcl"),
    # where case tells nothing, words no list holds after a verb of speaking and "with", "to" (or a message and "for")
    ("Spoke with Tamsin Orlevy by phone.", "Tamsin Orlevy", "mcl"),
    ("Left message for Tamsin Orlevy to call back.", "Tamsin Orlevy", "mcl"),
    ("Case discussed with Tobiah Wrenfield.", "Tobiah Wrenfield", "mcl"),
    # a form's fields: a credential or a name's part as the label, a table's cells
    ("CRNA: Tamsin Orlevy", "Tamsin Orlevy", "mcl"),
    ("First: Adelric  Last: Quorvin  MI: T", "Quorvin", "mcl"),
    ("Policy holder: Adelric Quorvin", "Adelric Quorvin", "mcl"),
    ("Responsible party: Adelric Quorvin", "Adelric Quorvin", "mcl"),
    ("Patient | Quorvin, Adelric | MRN 12345678", "Quorvin, Adelric", "mcl"),
    # a name whose telephone number follows it, a person notified, covering, or a message forwarded to
    ("Call Tamsin Orlevy at 617-555-0101 with results.", "Tamsin Orlevy", "mcl"),
    ("Tamsin Orlevy 617-555-0101 (cell)", "Tamsin Orlevy", "mcl"),
    ("Please notify Tamsin Orlevy of any changes.", "Tamsin Orlevy", "mcl"),
    ("Forwarded to Tamsin Orlevy for review.", "Tamsin Orlevy", "mcl"),
    ("Covering: Ferro Dalquist", "Ferro Dalquist", "mcl"),
    # a table's first column under "Name", a message's header
    ("Name | DOB | MRN\nQuorvin, Adelric | 1/2/1950 | 12345678", "Quorvin, Adelric", "mcl"),
    ("Name          DOB         MRN\nAdelric Quorvin   01/02/1950  12345678", "Adelric Quorvin", "mcl"),
    ("To: Tamsin Orlevy\nFrom: Ferro Dalquist\nSubject: refill", "Ferro Dalquist", "mcl"),
    ("Seen by Dr. Fowler this morning.", "Fowler", "mcl"),
    # a surname's particles and a generation after the name
    ("Referred by Dr. Ines de la Fuente.", "Ines de la Fuente", "mcl"),
    ("Seen by Dr. Pieter van den Berg today.", "Pieter van den Berg", "mcl"),
    ("Dr. Lucia di Marco reviewed films.", "Lucia di Marco", "mcl"),
    ("Patient: Marie-Claude St. Pierre", "Marie-Claude St. Pierre", "mcl"),
    ("Patient: Seamus O'Halloran Jr.", "Seamus O'Halloran Jr", "mcl"),
    ("Patient: Duncan McAllister III\nDOB: 1/2/1950", "Duncan McAllister III", "mc"),
    # a list of names after a label or a first name introduced
    ("Visitors: Ione Varga, Tamsin Orlevy and Ferro Dalquist.", "Tamsin Orlevy", "mcl"),
    ("Visitors: Ione Varga, Tamsin Orlevy and Ferro Dalquist.", "Ferro Dalquist", "mcl"),
    ("Care team: Dr. Pemberthy, Dr. Gorringe and Dr. Holtzclaw.", "Holtzclaw", "mcl"),
    # a rare English word that a name list holds, first in a name a role introduces
    ("Medications reconciled by Juniper Atwood, PharmD.", "Juniper Atwood", "mcl"),
    # counties, whether or not a dictionary holds them
    ("Resident of Dunmore County.", "Dunmore County", "mcl"),
    ("Lives in rural Harlow County with her son.", "Harlow County", "mcl"),
    # towns no dictionary holds: where someone lived or works, a town's resident, a form's place of birth, a city
    # before a state and ZIP code in a lowercase note
    ("Previously lived in Tarrowgate for 20 years.", "Tarrowgate", "mcl"),
    ("Works in Ferncastle as a mechanic.", "Ferncastle", "mcl"),
    ("Pt is a Ferncastle resident.", "Ferncastle", "mcl"),
    ("A Dunmoreton native, she moved here in 1990.", "Dunmoreton", "mcl"),
    ("Place of birth: Dunmoreton", "Dunmoreton", "mcl"),
    ("Incident location: Kovacsville", "Kovacsville", "mcl"),
    ("Patient location: Ferncastle, MA", "Ferncastle", "mcl"),
    ("City/State/Zip: Ferncastle, MA 01234", "Ferncastle", "mcl"),
    # facilities: a move word's form field, and more heads (skilled nursing, a mall, a shelter, behavioral health)
    ("Transferred from: Pellsbury General", "Pellsbury General", "mcl"),
    ("Discharged to Sunnyvale Skilled Nursing Facility.", "Sunnyvale Skilled Nursing Facility", "mcl"),
    ("Found at the Dunmoreton Mall by police.", "Dunmoreton Mall", "mcl"),
    ("Admitted to Quarrystone Behavioral Health.", "Quarrystone Behavioral Health", "mcl"),
    # a town no list holds, shaped like a town's name, after "in", "near", "outside of"; after a run's or a move's
    # words; before the police or the fire department that brought the patient
    ("Her son in Kovacsville is her HCP.", "Kovacsville", "mcl"),
    ("Fell at her home in Kovacsville.", "Kovacsville", "mcl"),
    ("Lives just outside of Tarrowburgh.", "Tarrowburgh", "mcl"),
    ("Lives in the Kovacsville area with her son.", "Kovacsville", "mcl"),
    ("Moved from Mt. Tarrow last year.", "Mt. Tarrow", "mcl"),
    ("Works in the greater Tarrowburgh area.", "Tarrowburgh", "mcl"),
    ("Scene: Route 9 near Kovacsville", "Kovacsville", "mcl"),
    ("Dispatched to Kovacsville for a fall.", "Kovacsville", "mcl"),
    ("Plans to move to Kovacsville in spring.", "Kovacsville", "mcl"),
    ("Kovacsville Police brought him in.", "Kovacsville Police", "mcl"),
    ("Brought in by Kovacsville Fire.", "Kovacsville Fire", "mcl"),
    ("Brought in by Harlowton PD.", "Harlowton PD", "mcl"),
    # a second town after "and", a town on the line under its street, a head and "of" before the place's name, a
    # hospital named by its town and "General", a practice's office
    ("Has family in Tarrowburgh and Ferncastle.", "Ferncastle", "mcl"),
    ("Address: 12 Elm St, Apt 4\nTarrowburgh OH 44101", "Tarrowburgh", "mcl"),
    ("Transferred from the Medical Center of Tarrowburgh.", "Medical Center of Tarrowburgh", "mcl"),
    ("Biopsy at the Hospital of Saint Aldric.", "Hospital of Saint Aldric", "mcl"),
    ("Works as a nurse at Tarrowburgh General.", "Tarrowburgh General", "mcl"),
    ("Was at Tarrowburgh General on Monday for a scan.", "Tarrowburgh General", "mcl"),
    ("Seen at our Tarrowburgh office last month.", "Tarrowburgh office", "mcl"),
    # where case tells nothing, a rare English word before a head that names a place, not a department
    ("Enrolled in Marigold Hospice since May.", "Marigold Hospice", "mcl"),
    ("Admitted from Larkspur Nursing Home.", "Larkspur Nursing Home", "mcl"),
    ("Called Quillon Pharmacy at 555-0101.", "Quillon Pharmacy", "mcl"),
    # a common surname that is an English word too before a hospital's head (in capitals and lowercase only a
    # surname English does not write much more often: "BROWN", not "LONG")
    ("Transferred from Brown Medical Center.", "Brown Medical Center", "mcl"),
    ("Referred to Long Rehabilitation Center.", "Long Rehabilitation Center", "m"),
    ("MRI at Brown Imaging last week.", "Brown Imaging", "m"),
    # where a patient is held or fed, a school district
    ("Inmate at Harlow County Jail.", "Harlow County Jail", "mcl"),
    ("Transferred from Dunmore Correctional Facility.", "Dunmore Correctional Facility", "mcl"),
    ("Volunteers at the Tarrowburgh Food Pantry.", "Tarrowburgh Food Pantry", "mcl"),
    ("Retired teacher from Ferncastle Unified School District.", "Ferncastle Unified School District", "mcl"),
    # practices named by their kind of care
    ("Therapist at Brightwell Counseling Center.", "Brightwell Counseling Center", "mcl"),
    ("Sees a counselor at Harrowgate Counseling.", "Harrowgate Counseling", "mcl"),
    ("Access placed by Dr. Orlevy at Harwick Vascular.", "Harwick Vascular", "mcl"),
]
NEGATIVES = [
    ("Social worker to follow for placement.", "follow"),
    ("Case manager aware, working on placement.", "aware"),
    ("Counselor: none assigned at this time.", "none"),
    ("Sibling: none. Mother with diabetes.", "none"),
    ("Nephrologist recommends dialysis in the morning.", "recommends"),
    ("Therapist: PT/OT to evaluate tomorrow.", "evaluate"),
    ("First assist: none.", "none"),
    ("Please call with questions.\nSincerely,\n\nThe Cardiology Team", "Cardiology Team"),
    ("Reviewer: pending assignment.", "pending"),
    ("Visitors: none today, patient resting.", "none"),
    ("Family asked about visitors\nPlan: wean sedation, SBT in the morning.", "Plan"),
    ("Seen by Dr. Roe, Cardiology fellow, this morning.", "Cardiology"),
    ("Patient: Ione Varga\nIV fluids at 75 mL/h.", "IV fluids"),
    ("Lower extremity edema, as noted by Roe et al in the literature.", "et al"),
    ("Per county policy the ambulance waited.", "county"),
    ("Called the county health department.", "county health"),
    ("Works in sales, walks daily.", "sales"),
    ("Works in the ICU as a nurse.", "ICU"),
    ("Seen by a surgical resident overnight.", "surgical"),
    ("She is a long-term resident of the facility.", "long-term"),
    ("Date of birth: Verified with the patient.", "Verified"),
    ("Transferred from: ED, stable.", "ED"),
    ("Previously lived in a trailer with her son.", "trailer"),
    ("Discharged to skilled nursing for rehab.", "skilled nursing"),
    ("Church: none, not religious.", "none"),
    ("Positioned in Trendelenburg for the line placement.", "Trendelenburg"),
    ("Orders entered in Epic by the night team.", "Epic"),
    ("Charted in MediTrack flowsheets hourly.", "MediTrack"),
    ("Converted back to sinus rhythm in Afib clinic.", "Afib"),
    ("Lost her home in a house fire last year.", "house fire"),
    ("Started PD last year, does exchanges at home.", "PD"),
    ("Police were called by the neighbor.", "Police"),
    ("Dispatched to a residence for a fall.", "residence"),
    ("Referred to inpatient hospice for symptoms.", "inpatient"),
    ("Respite nursing home stay planned.", "Respite"),
    ("Went to an outpatient family practice.", "outpatient"),
    ("Followed at the Lipid Clinic.", "Lipid"),
    ("Followed in the glaucoma clinic.", "glaucoma"),
    ("Discussed residential hospice with family.", "residential"),
    ("Admitted to the psychiatric hospital.", "psychiatric"),
    ("Member of the care team called back.", "care team"),
    ("Caller: none, message left.", "none"),
    ("Poor historian, unable to give details.", "unable"),
    ("Client reports improved mood this week.", "reports"),
    ("Good morning, team huddle at nine.", "team"),
    ("Identity confirmed (DOB and name) before the draw.", "confirmed"),
    ("Allergies reviewed (MRN on the band).", "reviewed"),
    ("Sitter at bedside overnight.", "bedside"),
    ("First: check the pressure, then the glucose.", "check"),
    ("Last: none since admission.", "none"),
    ("MD: aware of the potassium, will replete.", "aware"),
    ("RN: to follow up in the morning.", "follow"),
    ("Patient | stable | afebrile", "stable"),
    ("Third party: none involved.", "none"),
    ("Spoke with daughte by phone about the plan.", "daughte"),
    ("Discussed with ortho, will splint the wrist.", "ortho"),
    ("Spoke with pharmacy regarding the dosing.", "pharmacy"),
    ("Left message for PCP to call back.", "PCP"),
    ("Tech to recheck the glucose at noon.", "recheck"),
    ("Fellow patients in the group were supportive.", "patients"),
    ("Principal diagnosis: pneumonia.", "pneumonia"),
    ("Baby boy doing well, feeding every three hours.", "doing"),
    ("Next of kin: none listed.", "none"),
    ("Will go to the hospital of her choice.", "choice"),
    ("The Hospital of choice for trauma is downtown.", "choice"),
    ("Diet: general, advance as tolerated.", "general"),
    ("Boston general surgery consulted for the hernia.", "general surgery"),
    ("Born in March, walked at a year.", "March"),
    ("Lives in town and drives.", "drives"),
    ("Seen in the office today, doing well.", "office"),
    ("Supportive family at bedside.", "Supportive"),
    ("Blended family, two stepchildren at home.", "Blended"),
    ("Doctors agree with the plan.", "agree"),
    ("Referred for grief counseling at the clinic.", "grief"),
    ("History of peripheral vascular disease.", "peripheral vascular"),
    ("Post surgical pain controlled.", "Post surgical"),
    ("Given heparin per pharmacy protocol.", "heparin"),
    ("Chart reviewed; prev notes reported stable vitals.", "prev"),
    ("After a long hospital stay she is deconditioned.", "long"),
    ("Needs a long rehabilitation center stay.", "long"),
    ("Long hospital course, now improving.", "Long"),
    ("Grief counseling offered to the family.", "Grief"),
    ("Tech drew labs at six.", "drew"),
    ("Sedation tolerated well overnight.", "Sedation"),
    ("Family endorses worry about the cost.", "Family"),
    ("Vancomycin tolerated without a rash.", "Vancomycin"),
    ("Abdomen tolerated palpation.", "Abdomen"),
    ("Pharmacy 617-555-0101 for refills.", "Pharmacy"),
    ("Kept in Fowler position after the meal.", "Fowler"),
    ("Patient location: Home", "Home"),
    ("Location: ICU bed 4", "ICU"),
    ("Pain location: Left knee", "Left"),
    ("Incident location: unknown", "unknown"),
    ("Pain in the abdomen area, worse after meals.", "abdomen"),
    ("Redness in the sacral area, turned every two hours.", "sacral"),
    ("Moved from chair to bed with assist.", "chair"),
    ("Came from PT with a walker.", "PT"),
    ("Moved from Cardiac Surgery to the floor.", "Cardiac"),
    ("Placed in Trendelenburg position for the line.", "Trendelenburg"),
    ("Notify MD if SBP over 160.", "MD"),
    ("Notify team of any changes.", "team"),
    ("Covering resident aware.", "resident"),
    ("Forwarded to pharmacy for review.", "pharmacy"),
    ("Fax 617-555-0199 for records.", "Fax"),
    ("Cardiology 617-555-0101 on call.", "Cardiology"),
    ("Name | Dose | Route\nLisinopril | 10 mg | PO", "Lisinopril"),
    ("Name          Dose        Route\nMetoprolol    25 mg       PO", "Metoprolol"),
    ("From: ED, admitted to the floor.", "ED"),
    ("To: follow up with cardiology.", "follow"),
    ("Wants a small hospice near family.", "small"),
    ("History of jail time, now sober.", "jail"),
    ("Food pantry resources given.", "pantry"),
    ("Was in prison for two years.", "prison"),
    ("Home meds taken pta: lisinopril and metformin.", "meds"),
]


@pytest.mark.parametrize(("text", "phrase", "cases"), FORMS)
def test_each_form_is_found_in_its_letter_cases(text: str, phrase: str, cases: str) -> None:
    for case in cases:
        assert _covered(*_in_case(text, phrase, case)), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_clinical_and_english_words_in_the_same_places_are_not_phi(text: str, phrase: str, case: int) -> None:
    assert not _tagged(*_in_case(text, phrase, case))
