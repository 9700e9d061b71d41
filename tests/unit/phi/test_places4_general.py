"""Places, street addresses and ZIP codes in the general forms US clinical and administrative documents write them,
in every letter case (issue 11, helper ``places4``).

Every sentence, street, town, facility and code is invented for these tests. A row of ``PARTS`` is one form, each
phrase found and typed in mixed case, in capitals and in lowercase; the hard negatives put clinical words, counts,
rooms and units in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

_A, _L, _Z = PhiType.ADDRESS, PhiType.LOCATION, PhiType.ZIP

# (text, [(phrase, type), ...]): each phrase wholly inside one found span of its type
PARTS = [
    # a post-office or rural-route box, then its town and ZIP code, on its line or the line under it
    ("Mail to: PO Box 412\nDunholt 04011", [("PO Box 412", _A), ("Dunholt", _L), ("04011", _Z)]),
    ("P.O. Box 77, Tarrowburgh, OH 44101", [("P.O. Box 77", _A), ("Tarrowburgh", _L), ("44101", _Z)]),
    ("RR 2 Box 14, Ellory 67999", [("RR 2 Box 14", _A), ("Ellory", _L), ("67999", _Z)]),
    ("Billing: POB 77\nFernly NH 03102", [("POB 77", _A), ("Fernly", _L), ("03102", _Z)]),
    # a street, then its town and ZIP code on the line under it
    ("14 Quarry Lane\nDunholt 04011", [("14 Quarry Lane", _A), ("Dunholt", _L), ("04011", _Z)]),
]
# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase: address fields
# and table columns, street forms, towns after the words that say where someone is from, goes or travels, and
# facilities, agencies and employers by their head nouns
FORMS = [
    ('Address: 418 Kessler Avenue', '418 Kessler Avenue'),
    ('Street: 92 Marlow Rd', '92 Marlow Rd'),
    ('Address line 1: 1520 Dunmore Blvd\nAddress line 2: Apt 4C', '1520 Dunmore Blvd'),
    ('Address line 1: 1520 Dunmore Blvd\nAddress line 2: Apt 4C', 'Apt 4C'),
    ('Mailing address: 33 Orchard Hill Dr, Fernly, NH 03102', '33 Orchard Hill Dr, Fernly'),
    ('Ship to: 2214 Larkspur Way, Dellmont, MA 01970', '2214 Larkspur Way, Dellmont'),
    ('City/State/ZIP: Tarrowburgh, OH 44101', 'Tarrowburgh'),
    ('City: Dunholt  State: ME  Zip: 04011', 'Dunholt'),
    ('City: Dunholt  State: ME  Zip: 04011', '04011'),
    ('Street | City | ZIP\n14 Quarry Lane | Dunholt | 04011\n', '14 Quarry Lane | Dunholt | 04011'),
    ('Street\tCity\tZIP\n14 Quarry Lane\tDunholt\t04011\n', 'Dunholt'),
    ('Orla Penn\n123 Main St\nWexley, CT 06101', 'Wexley'),
    ('Meet at 45-12 Bell Blvd, Bayside 11361', '45-12 Bell Blvd, Bayside 11361'),
    ('Lives at 12 1/2 Canal St in Ostby.', '12 1/2 Canal St'),
    ('Lives at 221 W 143rd St, Apt 5.', '221 W 143rd St, Apt 5'),
    ('Lives at 500 N Ridgeway Ave with her son.', '500 N Ridgeway Ave'),
    ('Address: 3300 Highway 61 North, Ellory, MN 55999', '3300 Highway 61 North, Ellory'),
    ('Lives at (14 Quarry Lane, Dunholt).', '14 Quarry Lane, Dunholt'),
    ('12 Elm St Ste 200, Kellam', '12 Elm St Ste 200, Kellam'),
    ('12 Elm St Bldg 4 Fl 2, Kellam', '12 Elm St Bldg 4 Fl 2, Kellam'),
    ('Lot 14, 300 Sunny Acres Trlr Park', 'Lot 14, 300 Sunny Acres'),
    ('Residence: 18 Cobb Rd #2, Tisbury', '18 Cobb Rd #2, Tisbury'),
    ('She lives in the 02139 area.', '02139'),
    ('Zip/Postal: 04011', '04011'),
    ('City: Marrowdene', 'Marrowdene'),
    ('Municipality: Harlow Bridge', 'Harlow Bridge'),
    ('Residence: Dunmoreton, NH', 'Dunmoreton'),
    ('Place of birth: Kovacsville, Ohio', 'Kovacsville'),
    ('Birthplace: Tarrowburgh', 'Tarrowburgh'),
    ('She was born in Ellsmere and raised in Portwick.', 'Ellsmere'),
    ('She was born in Ellsmere and raised in Portwick.', 'Portwick'),
    ('Grew up in Varnley, moved here in 2010.', 'Varnley'),
    ('Visiting from Holloway Falls for the holidays.', 'Holloway Falls'),
    ('Was driving to Brackenridge when the pain began.', 'Brackenridge'),
    ('Lives near Quillfield with her daughter.', 'Quillfield'),
    ('Commutes to Harrowgate daily for work.', 'Harrowgate'),
    ('Returned from Ostmark two days ago.', 'Ostmark'),
    ('Recent vacation in Marlport, no sick contacts.', 'Marlport'),
    ('Travel history: Dunholt, Kellam and Wexley in the last month.', 'Dunholt'),
    ('Travel history: Dunholt, Kellam and Wexley in the last month.', 'Wexley'),
    ('Traveled to Ostby, Maine and Pellham in June.', 'Ostby'),
    ('Traveled to Ostby, Maine and Pellham in June.', 'Pellham'),
    ('Exposure: camped near Ferrisburgh last week.', 'Ferrisburgh'),
    ('Lives in Dellmont, Mass. with her son.', 'Dellmont'),
    ('Resident of Harlan County.', 'Harlan County'),
    ('Lives in the county of Dunmore.', 'Dunmore'),
    ('Lives in Pellham Township.', 'Pellham Township'),
    ('From the village of Ashcombe.', 'Ashcombe'),
    ('Lives in the Brightwood neighborhood.', 'Brightwood'),
    ('Moved to Varnley, Vermont last year.', 'Varnley'),
    ('Fills at Halvorsen Pharmacy on Main.', 'Halvorsen Pharmacy'),
    ('Meds picked up at Dunmore Drug.', 'Dunmore Drug'),
    ('Labs drawn at Quellmark Diagnostics last week.', 'Quellmark Diagnostics'),
    ('Home health: Bayview Home Health Agency visits twice weekly.', 'Bayview Home Health Agency'),
    ('Hospice: Evergreen Hospice of Kellam.', 'Evergreen Hospice of Kellam'),
    ('Resides at Maplewood Nursing Home.', 'Maplewood Nursing Home'),
    ('Staying at the Ostwick Family Shelter.', 'Ostwick Family Shelter'),
    ("Attends St. Brigid's Church on Sundays.", 'Brigid'),
    ('Attends Kellam Middle School, 7th grade.', 'Kellam Middle School'),
    ('Student at Varnley Community College.', 'Varnley Community College'),
    ('Employer: Tarrant Freight Lines', 'Tarrant Freight Lines'),
    ('Works at Halvorsen Hardware as a cashier.', 'Halvorsen Hardware'),
    ('Retired from Marlport Paper Mill after 30 years.', 'Marlport Paper Mill'),
    ('Brought in by Kellam Fire Dept.', 'Kellam Fire Dept'),
    ('Transported by Ostwick Rescue.', 'Ostwick Rescue'),
    ('Varnley Police Department on scene.', 'Varnley Police Department'),
    ('Court date at Harlan County District Court.', 'Harlan County District Court'),
    ('Recently released from Dunmore County Jail.', 'Dunmore County Jail'),
    ('Oxygen supplied by Northway Medical Supply.', 'Northway Medical Supply'),
    ('Followed at the Pellham Clinic for diabetes.', 'Pellham Clinic'),
    ('PCP at Brightwood Family Practice.', 'Brightwood Family Practice'),
    ('Previously at Sunnyside Assisted Living.', 'Sunnyside Assisted Living'),
    ('Works for the Ostwick School District.', 'Ostwick School District'),
    ('Pt from Varnley, NH, here for surgery.', 'Varnley'),
    ('Her sister in Ostwick, Mass. will come.', 'Ostwick'),
    ('Son lives in Pellham, Vermont.', 'Pellham'),
    ('Born in Kovacsville, Ohio in 1950.', 'Kovacsville'),
    ('Raised in Dunholt; moved to Kellam at 20.', 'Dunholt'),
    ('Raised in Dunholt; moved to Kellam at 20.', 'Kellam'),
    ('Grew up on a farm outside Marlport.', 'Marlport'),
    ('Returning from a cruise to Harrowgate.', 'Harrowgate'),
    ('She summers in Ostby and winters in Fernly.', 'Fernly'),
    ('Came by ambulance from Quarrytown.', 'Quarrytown'),
    ("Pt's daughter drove up from Bellhaven.", 'Bellhaven'),
    ('Patient is homeless, stays in Dunholt.', 'Dunholt'),
    ('Preferred pharmacy: Halvorsen Pharmacy, Ostby', 'Halvorsen Pharmacy'),
    ('Preferred pharmacy: Halvorsen Pharmacy, Ostby', 'Ostby'),
    ('Home health agency: Bayview VNA', 'Bayview'),
    ('Hospice: Evergreen Hospice', 'Evergreen'),
    ('DME supplier: Northway Medical Equipment', 'Northway Medical Equipment'),
    ('Oxygen vendor: Ostby Home Oxygen', 'Ostby'),
    ('Employer: Kellam Public Schools', 'Kellam Public Schools'),
    ('Occupation: teacher at Pellham High School', 'Pellham High School'),
    ('Works as a nurse at Dunholt General.', 'Dunholt General'),
    ('Retired from the Varnley Post Office.', 'Varnley Post Office'),
    ('He is a firefighter with Ostwick Fire Department.', 'Ostwick Fire Department'),
    ('EMS: Kellam Ambulance Service', 'Kellam Ambulance Service'),
    ('Brought in by Dunholt Rescue Squad.', 'Dunholt'),
    ('Transported by Pellham FD to the ED.', 'Pellham FD'),
    ('Found by Varnley PD at home.', 'Varnley PD'),
    ('Sent from Harlow County Correctional Facility.', 'Harlow County Correctional Facility'),
    ('Lives at Ostby Group Home.', 'Ostby Group Home'),
    ('Goes to Dunmore Adult Day Health.', 'Dunmore Adult Day Health'),
    ('Member of Grace Baptist Church in Kellam.', 'Grace Baptist Church'),
    ('Senior at Pellham University.', 'Pellham University'),
    ('Labs at Quellmark Laboratories.', 'Quellmark Laboratories'),
    ('Dialysis: Ostwick Kidney Center MWF.', 'Ostwick Kidney Center'),
    ('Rehab at Sunnyvale Manor.', 'Sunnyvale Manor'),
    ('Lives at Brookside Apartments, unit 4.', 'Brookside Apartments'),
    ('Address:\nOrla Penn\n88 Birch Road\nDunholt, ME 04011', '88 Birch Road'),
    ('Address:\nOrla Penn\n88 Birch Road\nDunholt, ME 04011', 'Dunholt'),
    ('Lives at 12 Elm St. in Kellam.', '12 Elm St'),
    ('Lives at 12 Elm St. in Kellam.', 'Kellam'),
    ('Found at 400 Ostby Rd. by a neighbor.', '400 Ostby Rd'),
    ('Accident at Main St and Elm Ave in Dunholt.', 'Dunholt'),
    ('Home: 77 Hollis Ave Apt 2, Kellam 05401', '77 Hollis Ave Apt 2'),
    ('Mailing: 9 W Main St, Ste 3, Pellham, NH 03102-4411', '03102-4411'),
    ('ZIP: 04011-2231', '04011-2231'),
    ('Kellam, VT 05401', '05401'),
    ('Pellham, New Hampshire 03102', '03102'),
    ('Lives in zip code 04011.', '04011'),
    ('Discharge to: Maplewood Nursing Home', 'Maplewood Nursing Home'),
    ('Referred by: Harrow Family Medicine, 40 Quarry Rd, Salem, MA 01970', '40 Quarry Rd, Salem'),
    ('Facility: Dunmore Rehab', 'Dunmore Rehab'),
    ('Facility name: Ostby Care Center', 'Ostby Care Center'),
    ('Practice: Kellam Pediatrics', 'Kellam Pediatrics'),
    ('Dear Dr. Roe,\n\nHarrow Family Medicine\n40 Quarry Rd\nSalem MA 01970', '40 Quarry Rd'),
    ('Location: Kellam Fire Station 2', 'Kellam'),
    ('Incident address: 12 Elm St', '12 Elm St'),
    ('Scene: intersection of Elm Ave and Quarry Rd', 'Elm Ave'),
    ('Lives in a trailer park in Ostby.', 'Ostby'),
    ("Her church, St. Brigid's, brings meals.", 'Brigid'),
    ('Hometown: Ostby', 'Ostby'),
    ('Driving from Ostby to Kellam when it started.', 'Ostby'),
    ('Driving from Ostby to Kellam when it started.', 'Kellam'),
    ('Spent the winter in Ostby with family.', 'Ostby'),
    ('ZIP+4: 04011-2231', '04011-2231'),
    ('Zip 04011', '04011'),
    ('Postal code 04011', '04011'),
    ('123 Main Street, Apartment 4B, Kellam, VT 05401', '123 Main Street, Apartment 4B, Kellam'),
    ('Lives at 12 Elm St., #4, Kellam.', '12 Elm St., #4, Kellam'),
    ('Lives at 12 Elm St, Unit B.', '12 Elm St, Unit B'),
    ('Mail: Apt. 4B 12 Elm St, Kellam', 'Apt. 4B 12 Elm St'),
    ('Office: One Harrow Plaza, Suite 300, Kellam', 'One Harrow Plaza'),
    ('Office: 100 Ostby Parkway, Suite 300, Kellam', '100 Ostby Parkway, Suite 300, Kellam'),
    ('Lives at 12 Saint Brigid St.', '12 Saint Brigid St'),
    ('Lives at 12 Mt. Vernon Ave.', '12 Mt. Vernon Ave'),
    ('Lives at 1234 NE 45th Ave.', '1234 NE 45th Ave'),
    ('Box 412, Kellam, VT', 'Kellam'),
    ('Lives at 40 Quarry Road, Salem, with her son.', 'Salem'),
    ('Lives at 1520 Kessler Blvd. Kellam, VT 05401', 'Kellam'),
    ('Visiting nurse from Ostby VNA.', 'Ostby VNA'),
    ('Meals on Wheels through Kellam Senior Center.', 'Kellam Senior Center'),
    ('Picked up at Ostby Bus Station.', 'Ostby Bus Station'),
    ('Fell at the Kellam Public Library.', 'Kellam Public Library'),
    ('Injured at work at Ostby Lumber Yard.', 'Ostby Lumber'),
    ('Attends Ostby Regional High School.', 'Ostby Regional High School'),
    ('Graduated from Kellam State University.', 'Kellam State University'),
    ('Incarcerated at Pellham State Prison.', 'Pellham State Prison'),
    ('Seen in Dunmore Urgent Care yesterday.', 'Dunmore Urgent Care'),
    ('Cardiac rehab at Ostby YMCA.', 'Ostby YMCA'),
    ('PCP office: Kellam Internal Medicine', 'Kellam Internal Medicine'),
    ('Lives at 18 Tollard Xing with her son.', '18 Tollard Xing'),
    ('Resides at 7 Lower Wendle Holw with family.', '7 Lower Wendle Holw'),
    ('Lives at 231 E Brannock Trce with his wife.', '231 E Brannock Trce'),
    ('Pickup by Cobble Springs Medical Pavilion.', 'Cobble Springs Medical Pavilion'),
    ('Seen at Thistle Falls Imaging last week.', 'Thistle Falls Imaging'),
]
# forms found only in some letter cases ("m"ixed, "c"apitals, "l"owercase)
CASED_FORMS = [
    ('Pharmacy: Walgreens on Elm Ave, Kellam', 'Kellam', 'm'),
    ('Attends Bright Horizons Daycare.', 'Bright Horizons', 'm'),
    ('Dunholt ME 04011', '04011', 'mc'),
    ('Works at the Kellam Walmart.', 'Kellam', 'm'),
    ('Pharmacy: CVS #4411, Kellam', 'Kellam', 'm'),
]
NEGATIVES = [
    ('14 Quarry Lane\nHgb 12345 on recount', '12345'),
    ('Put the dressing supplies in the box 3 times a day.', 'box 3'),
    ('Moved to Ward 4B after the procedure.', 'Ward 4B'),
    ('Bed 12, Room 302, Station 3.', 'Room 302'),
    ('Transferred to Level 2 trauma center.', 'Level 2'),
    ('Admitted to the MICU overnight.', 'MICU'),
    ('Lives in a group home with staff.', 'group home'),
    ('Drew labs at the bedside.', 'bedside'),
    ('Potassium 4.1, sodium 139, glucose 102.', '139'),
    ('Pacemaker model 5076 placed in 2019.', '5076'),
    ('Parkinson disease, on Sinemet 25/100.', 'Parkinson'),
    ('City water, no well; lives in town.', 'town'),
    ('State: stable. Zip lock bag for belongings.', 'stable'),
    ('Court ordered treatment, see note.', 'Court'),
    ('Walked to Room 302 with PT.', 'Room 302'),
    ('Level 2 trauma center activation.', 'Level 2'),
    ('Station 3 nurse called.', 'Station 3'),
    ('Insulin drip at 4 units per hour.', 'units'),
    ('Heparin 5000 units SQ.', '5000'),
    ('CBC 10000 area of concern.', '10000'),
    ('Travel: none in past 6 months.', 'none'),
    ('Travel history: denies.', 'denies'),
    ('Recent travel: Europe, no sick contacts.', 'Europe'),
    ('Traveled to the ED by car.', 'ED'),
    ('Tele box 12 placed.', '12'),
    ('Suction canister in the box 3 changed.', '3'),
    ('Lives in the county, no neighbors.', 'county'),
    ('Court ordered hold for 72 hours.', 'Court'),
    ('The pharmacy will call when ready.', 'pharmacy'),
    ('Drug screen negative.', 'Drug'),
    ('IV drug use history.', 'drug'),
    ('Call the agency for a home health aide.', 'agency'),
    ('Mill Creek area, no details.', 'details'),
    ('Highway 61 North bound traffic.', 'traffic'),
    ('Traveled to Radiology for a CT.', 'Radiology'),
    ('Travel history: Recent trip abroad, no illness.', 'Recent'),
    ('Records from outside hospital reviewed.', 'hospital'),
    ('Walked outside today with PT.', 'today'),
    ('Return to clinic in 2 weeks.', 'clinic'),
    ('Visit to radiology postponed.', 'radiology'),
    ('Stayed in bed most of the day.', 'bed'),
    ('Staying in ICU overnight for monitoring.', 'ICU'),
    ('Follows at Harrow Clinic, Cardiology.', 'Cardiology'),
    ('Agency nurse on shift tonight.', 'Agency'),
    ('Town | State\nunknown | ME\n', 'unknown'),
    ('City | State\nsame | same\n', 'same'),
    ('Camping in the backyard with grandkids.', 'backyard'),
    ('Flight to the floor after the procedure.', 'floor'),
    ('On Route 9 dose schedule per protocol.', 'dose'),
    ('Line placed in Room 302, then back to Ward 4B.', 'Ward 4B'),
    ('Hgb 12 in ED, transfused 2 units.', 'ED'),
    ('Drove to the ED with her son.', 'ED'),
    ('Trip to Bathroom with assist x1.', 'Bathroom'),
    ('Box 2 of 5 sent to lab.', 'lab'),
    ('Bus station wait was long, tired on arrival.', 'Bus station'),
    ('Went to the market with her daughter.', 'market'),
    ('Cafe au lait spots noted on the trunk.', 'Cafe'),
    ('Hotel stay planned near the hospital.', 'Hotel'),
    ('Pain with lumbar flexion, no radiation.', 'lumbar'),
    ('Flight of stairs to Radiology, tolerated.', 'Radiology'),
    ('Wean oxygen as tolerated.', 'oxygen'),
    ('Given drug per protocol, no reaction.', 'drug'),
    ('Nursing Station 3 called the rapid response.', 'Station 3'),
    ('Trapeze Bar on the bed for repositioning.', 'Trapeze Bar'),
    ('Lives at home with 2 hours rest after meals.', 'hours rest'),
    ('Risk for falls, imaging of the hip pending.', 'imaging'),
]


def _typed(text: str, phrase: str, typ: PhiType) -> bool:
    at = text.index(phrase)
    return any(s.start <= at and at + len(phrase) <= s.end and s.type is typ for s in analyze(text))


@pytest.mark.parametrize(("text", "parts"), PARTS)
@pytest.mark.parametrize("case", "mcl")
def test_each_part_is_found_and_typed_in_every_case(text: str, parts: list[tuple[str, PhiType]], case: str) -> None:
    for phrase, typ in parts:
        assert _typed(*_in_case(text, phrase, case), typ), (phrase, typ)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", "mcl")
def test_clinical_text_in_the_same_places_is_not_tagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", "mcl")
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_found_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in "mcl":
        assert _covered(*_in_case(text, phrase, case)) == (case in cases), case
