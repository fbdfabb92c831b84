"""The rule catalogue: every rule jailsched enforces, in the project's own words, with its
source, its default and the settings that change it.

Written from the team's rule contract (sections 1-13); rules not implemented yet are not
registered here.
"""

from scheduler.rules.rule import Rule

CATALOGUE: tuple[Rule, ...] = (
    # 1. Daily routine
    Rule(
        id="DAY-01",
        kind="hard",
        section="Daily routine",
        statement=(
            "Every inmate is in their assigned area for each count, so no activity of any inmate "
            "overlaps a count."
        ),
        source="WC 3.16; duration assumed",
        default="07:00, 12:00, 17:00, 23:00; 30 min each (assumed)",
        settings=("routine.counts", "routine.count_minutes"),
    ),
    Rule(
        id="DAY-02",
        kind="hard",
        section="Daily routine",
        statement=(
            "No recreation session or razor issue overlaps a meal of its inmates, and no laundry pickup "
            "or return overlaps a meal of its pod (LAU-06); an inmate who arrives after a meal is served "
            "at the next one."
        ),
        source="WC 4; duration assumed",
        default="07:00, 12:00, 17:00; 30 min each (assumed), overlapping the counts",
        settings=("routine.meals", "routine.meal_minutes"),
    ),
    Rule(
        id="DAY-03",
        kind="hard",
        section="Daily routine",
        statement=(
            "Requests, grievances and outgoing mail are collected only at the medication passes, and no "
            "recreation session or razor issue overlaps a med pass."
        ),
        source="WC 15, 21, 26; duration assumed",
        default="08:00, 20:00; 30 min each (assumed)",
        settings=("routine.med_passes", "routine.med_pass_minutes"),
    ),
    Rule(
        id="DAY-04",
        kind="hard",
        section="Daily routine",
        statement=(
            "From lights out to lights on the only activity is the disciplinary-lockdown hour out: no "
            "visit, recreation session, razor issue or laundry takes place then."
        ),
        source="WC 25; lights on assumed",
        default="lights out 23:00; lights on 06:00 (assumed)",
        settings=("routine.lights_out", "routine.lights_on"),
    ),
    Rule(
        id="DAY-05",
        kind="data",
        section="Daily routine",
        statement=(
            "Phones are open from after breakfast until lights out, and an inmate on lockdown phones only "
            "during their hour out; the daily schedule shows the phone hours."
        ),
        source="WC 5, 24; opening time assumed",
        default="07:30 (assumed) to 23:00",
        settings=("routine.phones_open", "routine.phones_close"),
    ),
    Rule(
        id="DAY-06",
        kind="data",
        section="Daily routine",
        statement=(
            "Outgoing mail is collected at the med passes and not taken to the post office on Saturdays, "
            "Sundays or holidays, when no incoming mail is delivered either; the daily schedule shows it."
        ),
        source="WC 15",
        default="",
        settings=("holidays", "routine.med_passes"),
    ),
    Rule(
        id="DAY-07",
        kind="hard",
        section="Daily routine",
        statement=(
            "At any minute an inmate is in at most one social, legal or clergy visit, recreation session, "
            "razor batch, lockdown hour-out or external appointment (APT-01); each sub-problem treats the "
            "inmate's events from the others as busy time."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    # 2. Housing and classification
    Rule(
        id="HOU-01",
        kind="data",
        section="Housing and classification",
        statement="Each inmate is assigned to exactly one housing unit (pod), and that pod exists.",
        source="WC 9",
        default="",
        settings=("housing_units",),
    ),
    Rule(
        id="HOU-02",
        kind="hard",
        section="Housing and classification",
        statement=(
            "Male and female inmates never share a pod or an activity session (recreation group, razor "
            "batch, laundry pickup, hour-out dayroom); visits in separate booths are not a shared session, "
            "so windows of different sexes may run at the same time."
        ),
        source="WC 9",
        default="",
        settings=("housing_units",),
    ),
    Rule(
        id="HOU-03",
        kind="hard",
        section="Housing and classification",
        statement="Civil and criminal commitments never share a pod or an activity session.",
        source="WC 9",
        default="",
        settings=("housing_units",),
    ),
    Rule(
        id="HOU-04",
        kind="soft",
        section="Housing and classification",
        statement=(
            "Where the population allows, activity sessions keep felony apart from misdemeanour and "
            "violent apart from non-violent felony classifications; each mixed pair of classes in a "
            "session is a cost."
        ),
        source="WC 9",
        default="",
        settings=(),
    ),
    # 3. Separation
    Rule(
        id="SEP-01",
        kind="hard",
        section="Separation",
        statement=(
            "Two inmates on a keep-separate list (co-defendants, adversaries, victim and accused, "
            "protective custody) never share an activity session, the visitation room at overlapping "
            "times, or a space out of cell at the same time; the list holds both ways even when the data "
            "gives one direction."
        ),
        source="P107 B.8; DPH VI (DJS Policy 109)",
        default="",
        settings=("separations.csv",),
    ),
    Rule(
        id="SEP-02",
        kind="hard",
        section="Separation",
        statement=(
            "Inmates of different pods never share a recreation session or any other group activity, so "
            "they cannot communicate."
        ),
        source="WC 3.17, 22.49",
        default="",
        settings=(),
    ),
    Rule(
        id="SEP-03",
        kind="hard",
        section="Separation",
        statement="An inmate on disciplinary lockdown is never in a group session with any other inmate.",
        source="WC 3.17, 22.50",
        default="",
        settings=(),
    ),
    # 4. Discipline and lockdown
    Rule(
        id="DIS-01",
        kind="data",
        section="Discipline and lockdown",
        statement=(
            "An offence's lockdown days come from its category and how many offences of that category the "
            "inmate has committed (the 4th and later use the 3rd column); any other offence, or several "
            "rules broken at once, goes to administrative review with no automatic lockdown."
        ),
        source="WC 22, 23",
        default=(
            "minor (no harm to others, staff or property) 3/5/10 days; disrespect to staff or smoking "
            "materials 5/10/15 days; anything else: administrative review"
        ),
        settings=("discipline.lockdown_days", "discipline.review_categories"),
    ),
    Rule(
        id="DIS-02",
        kind="data",
        section="Discipline and lockdown",
        statement=(
            "A sanction suspends named privileges from a start date to an end date: visitation, "
            "recreation, commissary (hygiene and writing items stay allowed), phone or razor."
        ),
        source="WC 10, 14, 17, 22",
        default="",
        settings=("sanctions.csv",),
    ),
    Rule(
        id="DIS-03",
        kind="hard",
        section="Discipline and lockdown",
        statement=(
            "An inmate on lockdown gets exactly one hour out of cell each lockdown night, starting no "
            "earlier than lights out, in their own pod's dayroom, and may shower and phone during it."
        ),
        source="WC 24, 25",
        default="60 min, from 23:00",
        settings=("discipline.hour_out_minutes", "routine.lights_out"),
    ),
    Rule(
        id="DIS-04",
        kind="hard",
        section="Discipline and lockdown",
        statement="Within one pod, no two lockdown inmates are out of cell at the same time (SEP-03).",
        source="WC 3.17, 22.50",
        default="",
        settings=(),
    ),
    Rule(
        id="DIS-05",
        kind="hard",
        section="Discipline and lockdown",
        statement=(
            "Every hour-out ends before the morning count; a pod with more lockdown inmates than hour-out "
            "slots makes the instance infeasible, reported with the pod, the night and the count."
        ),
        source="WC 3.16, 24",
        default="ends by 07:00",
        settings=("discipline.hour_outs_end_by",),
    ),
    Rule(
        id="DIS-06",
        kind="hard",
        section="Discipline and lockdown",
        statement="Each concurrent hour-out has one night-shift officer supervising it, under the STF rules.",
        source="WC 24",
        default="",
        settings=(),
    ),
    Rule(
        id="DIS-07",
        kind="soft",
        section="Discipline and lockdown",
        statement=(
            "Hour-outs end as early as possible, and the late slots rotate across nights so that no inmate "
            "always has the latest one."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="DIS-08",
        kind="hard",
        section="Discipline and lockdown",
        statement=(
            "An inmate on lockdown gets no daytime recreation and, unless the facility turns this off, no "
            "social visit; legal visits remain allowed."
        ),
        source="WC 14, 17, 24",
        default="lockdown blocks social visits",
        settings=("visitation.lockdown_blocks_visitation",),
    ),
    # 5. Social visitation
    Rule(
        id="VIS-01",
        kind="hard",
        section="Social visitation",
        statement=(
            "Social visits take place only inside visitation windows, each with a day, start, end and a "
            "selector (any mix of sex, surname-letter range, pods, felony/misdemeanour, civil/criminal and "
            "the facility's custody tags); an inmate is visited only in a window that selects them, and "
            "windows that overlap in time share the booths."
        ),
        source="WC 14",
        default=(
            "male: Sat 08-11 A-F, Sat 13-16 G-L, Sat 19-22 M-S, Sun 08-11 T-Z; "
            "female: Sun 13-16 A-M, Sun 19-22 N-Z"
        ),
        settings=("visitation.windows", "visitation.surname_particles", "custody_tags"),
    ),
    Rule(
        id="VIS-02",
        kind="hard",
        section="Social visitation",
        statement=(
            "The visitation room has a fixed number of booths, and a booth holds one inmate visit at a time."
        ),
        source="WC 14",
        default="4 booths",
        settings=("visitation.booths",),
    ),
    Rule(
        id="VIS-03",
        kind="hard",
        section="Social visitation",
        statement=(
            "A visit has a fixed length followed by a booth turnover gap and starts on the slot grid "
            "counted from the window start; it never runs past its length or the window end."
        ),
        source="WC 14",
        default="27 min + 3 min turnover, so 8 visits per hour",
        settings=("visitation.visit_minutes", "visitation.turnover_minutes"),
    ),
    Rule(
        id="VIS-04",
        kind="hard",
        section="Social visitation",
        statement=(
            "At most the set number of visitors (children count) are in the booth at once; a larger visit "
            "is split into sub-periods, listed on the schedule, that give every visitor a share, and a "
            "request over the per-visit cap or a separate adult or child cap is refused."
        ),
        source="WC 14; per-visit cap assumed",
        default="max 2 at once; max 4 per visit (assumed); no separate adult/child caps",
        settings=(
            "visitation.max_visitors_at_once",
            "visitation.max_visitors_per_visit",
            "visitation.max_adults_per_visit",
            "visitation.max_children_per_visit",
            "visitation.child_age",
        ),
    ),
    Rule(
        id="VIS-05",
        kind="hard",
        section="Social visitation",
        statement="A visitor is never in two visits whose times overlap.",
        source="WC 14",
        default="",
        settings=(),
    ),
    Rule(
        id="VIS-06",
        kind="hard",
        section="Social visitation",
        statement=(
            "An inmate has at most the set number of social visits a week and a day; legal visits do not "
            "count."
        ),
        source="WC 14",
        default="1 per week, 1 per day",
        settings=("visitation.social_per_week", "visitation.social_per_day"),
    ),
    Rule(
        id="VIS-14",
        kind="hard",
        section="Social visitation",
        statement=(
            "A visitor takes part in at most the set number of visits a week, whichever inmates they visit."
        ),
        source="WC 14; limit assumed",
        default="no limit",
        settings=("visitation.visitor_weekly_limit",),
    ),
    Rule(
        id="VIS-07",
        kind="hard",
        section="Social visitation",
        statement="Keep-separate inmates are never in the visitation room at overlapping times (SEP-01).",
        source="WC 14; P107 B.8 (DJS Policy 109)",
        default="",
        settings=("separations.csv",),
    ),
    Rule(
        id="VIS-08",
        kind="hard",
        section="Social visitation",
        statement=(
            "An inmate gets no social visit on a date when their visitation privilege is suspended or they "
            "are on lockdown (DIS-02, DIS-08)."
        ),
        source="WC 14, 24",
        default="",
        settings=("visitation.lockdown_blocks_visitation", "sanctions.csv"),
    ),
    Rule(
        id="VIS-09",
        kind="soft",
        section="Social visitation",
        statement=(
            "First come, first served: serve as many eligible requests as possible, then prefer the "
            "earlier-registered ones, and give earlier registrations earlier times."
        ),
        source="WC 14",
        default="",
        settings=(),
    ),
    Rule(
        id="VIS-10",
        kind="data",
        section="Social visitation",
        statement=(
            "A request is registered at least the lead time before its window opens, and the schedule "
            "tells each visitor when to arrive."
        ),
        source="WC 14",
        default="15 min",
        settings=("visitation.registration_lead_minutes",),
    ),
    Rule(
        id="VIS-11",
        kind="hard",
        section="Social visitation",
        statement=(
            "Legal visits (attorneys, legal assistants) may take place at any reasonable time in the "
            "legal-visit rooms, outside counts and meals and clear of the inmate's other activities."
        ),
        source="WC 14; rooms and hours assumed",
        default="1 room (assumed), 08:00-22:00",
        settings=(
            "visitation.legal_rooms",
            "visitation.legal_days",
            "visitation.legal_start",
            "visitation.legal_end",
            "visitation.legal_visit_minutes",
        ),
    ),
    Rule(
        id="VIS-12",
        kind="hard",
        section="Social visitation",
        statement=(
            "A clergy visit uses a social-visit booth inside a normal window, or takes place at the "
            "special-arrangement time its request gives."
        ),
        source="WC 16",
        default="",
        settings=(),
    ),
    Rule(
        id="VIS-13",
        kind="data",
        section="Social visitation",
        statement=(
            "Every request left unserved is listed with its reason: the rule that makes it ineligible, or "
            "what keeps it out (the inmate's quota VIS-06, the visitor's limit VIS-14, a visitor or "
            "keep-separate clash VIS-05/VIS-07, a closure CAL-01, an appointment APT-01, or a full window)."
        ),
        source="WC 14",
        default="",
        settings=(),
    ),
    # 6. Visitor eligibility
    Rule(
        id="VTR-01",
        kind="data",
        section="Visitor eligibility",
        statement=(
            "A visitor aged 16 or over presents a photo ID issued by a state or federal government and "
            "still valid on the visit date."
        ),
        source="WC 14",
        default="",
        settings=("visitation.child_age",),
    ),
    Rule(
        id="VTR-02",
        kind="data",
        section="Visitor eligibility",
        statement=(
            "A visitor under 16 visits only an immediate family member, with an adult of the same visit "
            "who meets VTR-01 and who is in the booth with the child in every sub-period."
        ),
        source="WC 14",
        default="",
        settings=("visitation.child_age",),
    ),
    Rule(
        id="VTR-03",
        kind="data",
        section="Visitor eligibility",
        statement=(
            "A facility employee (Justice Services or Health, of any employment type) may visit only an "
            "immediate family member, or, for a Health employee, someone they knew before that person's "
            "incarceration; any other employee visit is refused."
        ),
        source="P107 B.2; DPH V.2.a",
        default="",
        settings=(),
    ),
    Rule(
        id="VTR-04",
        kind="data",
        section="Visitor eligibility",
        statement=(
            "Each refused employee visit, and each contact on an inmate's behalf recorded against an "
            "employee, gives the administrator a compliance notice: the employee must report the contact "
            "through the chain of command."
        ),
        source="P107 B.5; DPH V.2.d",
        default="",
        settings=(),
    ),
    Rule(
        id="VTR-05",
        kind="data",
        section="Visitor eligibility",
        statement=(
            "Immediate family is a spouse, parent, child, sibling, grandparent, grandchild, step-parent or "
            "step-child, as the visitor's record for that inmate states."
        ),
        source="P107 B.2; WC 14",
        default="",
        settings=("relations.csv",),
    ),
    # 7. Staff and conflicts of interest
    Rule(
        id="STF-01",
        kind="hard",
        section="Staff and conflicts of interest",
        statement=(
            "Every supervised session has one officer: each visitation window's post on its date (covering "
            "all its booth visits; it may pass from one officer to the next at a shift change, so one "
            "officer holds it at a time, each for a stretch of the window), each recreation session, razor "
            "batch and lockdown hour-out, and each day's laundry shift; legal and special-arrangement clergy "
            "visits need none. A session nobody can take is listed as unmet with the officers on shift and "
            "why each is excluded."
        ),
        source="DJS Policy 109 (P107 B.8); WC 17",
        default="",
        settings=(),
    ),
    Rule(
        id="STF-02",
        kind="hard",
        section="Staff and conflicts of interest",
        statement="An officer works only within their shift that day and supervises one session at a time.",
        source="project policy",
        default="",
        settings=("staff.csv",),
    ),
    Rule(
        id="STF-03",
        kind="hard",
        section="Staff and conflicts of interest",
        statement=(
            "An officer never supervises a session with an inmate they have declared a relationship with "
            "(relative, friend, associate, prior relationship, adversary), nor a visit by a visitor who is "
            "their relative. Each officer holding a window's post supervises every visit overlapping their "
            "stretch of it. A session that cannot be staffed names the true cause: every free officer "
            "related (naming them), nobody on shift then, or every officer on shift busy."
        ),
        source="P107 B.1, B.8 (DJS Policy 109); DPH V.2",
        default="",
        settings=("staff_relationships.csv",),
    ),
    Rule(
        id="STF-04",
        kind="soft",
        section="Staff and conflicts of interest",
        statement=(
            "Supervision is spread evenly over the officers of a shift: first the largest load (minutes "
            "supervised) is minimised, then the spread between loads."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    # 8. Recreation
    Rule(
        id="REC-01",
        kind="hard",
        section="Recreation",
        statement="Every eligible inmate gets at least one recreation session on each recreation day.",
        source="WC 17",
        default="60 min, Mon-Fri (none at weekends: visitation)",
        settings=("recreation.days", "recreation.session_minutes"),
    ),
    Rule(
        id="REC-02",
        kind="hard",
        section="Recreation",
        statement=(
            "Recreation sessions are held in the recreation areas, one session per area at a time, within "
            "recreation hours and clear of counts, meals and med passes."
        ),
        source="WC 17; areas and hours assumed",
        default="1 area, capacity 24 (assumed); 08:00-22:30 (assumed)",
        settings=("recreation.areas", "recreation.start", "recreation.end"),
    ),
    Rule(
        id="REC-03",
        kind="hard",
        section="Recreation",
        statement=(
            "A session holds inmates of one pod only (SEP-02), no keep-separate pair (SEP-01), no lockdown "
            "inmate (SEP-03) and at most its area's capacity; a pod too large for that, or with "
            "keep-separates, is split into groups."
        ),
        source="WC 17, 3.17",
        default="",
        settings=("recreation.areas",),
    ),
    Rule(
        id="REC-04",
        kind="hard",
        section="Recreation",
        statement=(
            "An inmate whose recreation is suspended (DIS-02) or who is on lockdown gets none and is listed "
            "as excluded with the reason."
        ),
        source="WC 17, 24",
        default="",
        settings=(),
    ),
    Rule(
        id="REC-05",
        kind="soft",
        section="Recreation",
        statement=(
            "Each group's session time moves over the week so that daylight sessions (natural light and "
            "fresh air) and late sessions are shared fairly, and no group has the same time on consecutive "
            "days."
        ),
        source="WC 17; daylight hours assumed",
        default="daylight 08:00-17:00 (assumed)",
        settings=("recreation.daylight_start", "recreation.daylight_end"),
    ),
    Rule(
        id="REC-06",
        kind="data",
        section="Recreation",
        statement="Missed recreation is not made up: the schedule does not carry it over.",
        source="WC 17",
        default="",
        settings=(),
    ),
    # 9. Razors
    Rule(
        id="RAZ-01",
        kind="data",
        section="Razors",
        statement=(
            "The razor sign-up list goes round on list days, and razors are issued a set number of days "
            "later (0 the same day, 1 the next day) within the issue window."
        ),
        source="WC 12",
        default="lists Mon, Wed, Fri; issued 1 day later: Tue, Thu, Sat",
        settings=("razors.list_days", "razors.issue_offset_days"),
    ),
    Rule(
        id="RAZ-02",
        kind="hard",
        section="Razors",
        statement=(
            "Razors are issued in batches of one pod each, by one officer, no earlier than the issue start, "
            "and every razor of the day is collected by the collection deadline."
        ),
        source="WC 12; issue start assumed",
        default="issue from 07:30 (assumed); collected by 11:30",
        settings=("razors.issue_start", "razors.collect_by"),
    ),
    Rule(
        id="RAZ-03",
        kind="hard",
        section="Razors",
        statement=(
            "The razors out at any moment, each counted from issue until collected, never exceed the "
            "facility's inventory."
        ),
        source="WC 12; inventory assumed",
        default="16 razors (assumed)",
        settings=("razors.inventory",),
    ),
    Rule(
        id="RAZ-04",
        kind="hard",
        section="Razors",
        statement=(
            "A batch lasts its issue, shave and collection time and overlaps no count, meal or med pass."
        ),
        source="WC 12; batch length assumed",
        default="30 min (assumed)",
        settings=("razors.batch_minutes",),
    ),
    Rule(
        id="RAZ-05",
        kind="hard",
        section="Razors",
        statement=(
            "No razor is issued to an inmate on lockdown or on razor restriction (sanction, an altered "
            "razor returned, medical or suicide precaution); each is listed with the reason."
        ),
        source="WC 12",
        default="",
        settings=(),
    ),
    Rule(
        id="RAZ-06",
        kind="hard",
        section="Razors",
        statement="A pod's razor batch never overlaps that pod's recreation session.",
        source="WC 12",
        default="",
        settings=(),
    ),
    Rule(
        id="RAZ-07",
        kind="data",
        section="Razors",
        statement=(
            "When a day's sign-ups cannot all be served, the report gives the razor-minutes needed against "
            "those available."
        ),
        source="WC 12",
        default="",
        settings=(),
    ),
    # 10. Laundry
    Rule(
        id="LAU-01",
        kind="data",
        section="Laundry",
        statement="Each laundry category is washed on its own days for the pods it serves.",
        source="WC 6",
        default=(
            "orange uniforms Thu, Sun (all pods); personal whites Mon, Wed, Fri (all pods); linens and "
            "towels Tue (A, B, Dorm), Sat (C, D)"
        ),
        settings=("laundry.categories",),
    ),
    Rule(
        id="LAU-02",
        kind="hard",
        section="Laundry",
        statement=(
            "A pod's category on its day is a number of loads (headcount times pieces per inmate over the "
            "machine capacity); each load is washed, then dried, and a washer or dryer runs one load at a "
            "time."
        ),
        source="WC 6; machines and cycles assumed",
        default="2 washers, 2 dryers (assumed); wash 45 min, dry 60 min (assumed)",
        settings=(
            "laundry.washers",
            "laundry.dryers",
            "laundry.wash_minutes",
            "laundry.dry_minutes",
            "laundry.load_capacity",
        ),
    ),
    Rule(
        id="LAU-03",
        kind="hard",
        section="Laundry",
        statement="A load starts drying no later than the maximum wait after its wash ends.",
        source="WC 6; wait assumed",
        default="30 min (assumed)",
        settings=("laundry.max_wait_minutes",),
    ),
    Rule(
        id="LAU-04",
        kind="hard",
        section="Laundry",
        statement=(
            "Laundry runs within laundry hours, worked by trustees under an officer, and every load is back "
            "in its pod by the return deadline."
        ),
        source="WC 6, 18; hours assumed",
        default="08:00-16:00 (assumed); return by 20:00 (assumed)",
        settings=("laundry.start", "laundry.end", "laundry.return_by"),
    ),
    Rule(
        id="LAU-05",
        kind="soft",
        section="Laundry",
        statement="Each day's laundry finishes as early as possible.",
        source="WC 6",
        default="",
        settings=(),
    ),
    Rule(
        id="LAU-06",
        kind="hard",
        section="Laundry",
        statement=(
            "A pod's laundry of a category is picked up when its first wash starts and returned when its "
            "last dry ends, and neither moment falls in a count or a meal of that pod (DAY-01, DAY-02)."
        ),
        source="WC 6, 3.16, 4",
        default="",
        settings=(),
    ),
    # 11. Supplies, indigent packages, commissary
    Rule(
        id="SUP-01",
        kind="data",
        section="Supplies, indigent packages, commissary",
        statement="The supply cart visits every pod on its days, as the daily schedule shows.",
        source="WC 7",
        default="Tue, Thu, Sat, Sun",
        settings=("supplies.supply_cart_days", "supplies.supply_cart_time", "supplies.round_minutes"),
    ),
    Rule(
        id="IND-01",
        kind="data",
        section="Supplies, indigent packages, commissary",
        statement=(
            "An inmate whose balance stayed at or below the threshold for the whole look-back period is "
            "indigent; if they ask, they get the weekly package on the indigent day, charged to their "
            "account."
        ),
        source="WC 8",
        default=(
            "at most $0.02 for 7 days; Wednesday; 3 paper, 3 stamped envelopes, 1 pencil, 1 shampoo, "
            "1 deodorant"
        ),
        settings=(
            "supplies.indigent_day",
            "supplies.indigent_threshold_cents",
            "supplies.indigent_lookback_days",
            "supplies.indigent_package",
            "supplies.indigent_package_cents",
            "supplies.indigent_time",
        ),
    ),
    Rule(
        id="COM-01",
        kind="data",
        section="Supplies, indigent packages, commissary",
        statement=(
            "Commissary is offered to each pod once a week; an inmate on commissary suspension or lockdown "
            "may buy only hygiene and writing items."
        ),
        source="WC 10, 24",
        default="",
        settings=("supplies.commissary_day", "supplies.commissary_time"),
    ),
    # 12. Appointments, closures and unmet demand
    Rule(
        id="APT-01",
        kind="hard",
        section="Appointments, closures and unmet demand",
        statement=(
            "An inmate's external appointment (court, medical, transport, other) on a date and times is busy "
            "time: no activity of theirs overlaps it (DAY-07), and a visit request that could only be placed "
            "over one is listed with APT-01."
        ),
        source="project policy",
        default="",
        settings=("appointments.csv",),
    ),
    Rule(
        id="CAL-01",
        kind="hard",
        section="Appointments, closures and unmet demand",
        statement=(
            "A resource (the visitation room, some booths, a recreation area, a legal-visit room, a laundry "
            "machine, a razor issue) can be closed or reduced on a date, all day or part of it, with a "
            "reason; nothing uses it while closed, and what that displaces is listed with CAL-01 and the "
            "reason."
        ),
        source="project policy",
        default="",
        settings=("closures",),
    ),
    Rule(
        id="UNM-01",
        kind="data",
        section="Appointments, closures and unmet demand",
        statement=(
            "Unmet demand is never silently dropped and never aborts the week: every unserved request, "
            "sign-up, load, hour-out, recreation hour and unstaffed session is listed with its rule ID, the "
            "needed and available figures, and what would make it fit."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="REP-01",
        kind="hard",
        section="Changes during the week (repair)",
        statement=(
            "Nothing that started before the moment of the repair (`--now`) is altered; a repair's "
            "verifier sets those events' own findings apart as history."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="REP-02",
        kind="hard",
        section="Changes during the week (repair)",
        statement=(
            "No visit's date or time changes closer than the notice horizon to its start; only a "
            "cancellation the event forces, listed with the event as its cause."
        ),
        source="project policy",
        default="24 h",
        settings=(),
    ),
    Rule(
        id="REP-03",
        kind="soft",
        section="Changes during the week (repair)",
        statement=(
            "A repair keeps the published week: fewest published visits cancelled, then fewest visitor-"
            "facing moves (another day weighs more than another time), then fewest other changes "
            "(booth, a session's members, an hour-out's time, an officer's post), then what the change "
            "makes possible, then the usual objectives; a change forced by an event is reported apart "
            "from one made to serve more."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="REP-04",
        kind="data",
        section="Changes during the week (repair)",
        statement=(
            "Every change to a published booking produces a notice for each person it concerns (the "
            "visitors, the inmate, the officers whose post changes, the pod), with old and new time and"
            " place, the event that caused it and the rule."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="REP-05",
        kind="hard",
        section="Changes during the week (repair)",
        statement=(
            "A pinned published booking never moves; when the events make it impossible it is listed "
            "for the administrator's review."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="REP-06",
        kind="data",
        section="Changes during the week (repair)",
        statement=(
            "An event followed by its withdrawal before anything happened gives back the published "
            "week, byte for byte."
        ),
        source="project policy",
        default="",
        settings=(),
    ),
    Rule(
        id="CON-01",
        kind="soft",
        section="Week to week",
        statement=(
            "The rotation continues across weeks: with `solve --previous`, no recreation group starts the "
            "week at the start its group (matched by members) had on the previous week's last recreation "
            "day; a lockdown running on counts last week's last hour-outs in its rotation (DIS-07); "
            "daylight and late sessions are counted over the fairness window."
        ),
        source="project policy (week after week)",
        default="fairness over 4 weeks",
        settings=("recreation.fairness_weeks",),
    ),
    Rule(
        id="CON-02",
        kind="data",
        section="Week to week",
        statement=(
            "Every schedule carries what the next week needs: each recreation group's members, last start "
            "and daylight and late counts over the window, each lockdown and sanction running past Sunday, "
            "and the requests left out for capacity with their first registration time."
        ),
        source="project policy (week after week)",
        default="",
        settings=(),
    ),
    Rule(
        id="CON-03",
        kind="soft",
        section="Week to week",
        statement=(
            "With `visitation.carry_waitlist` and `solve --previous`, the social requests the previous week "
            "left out for capacity are offered this week before newer registrations, keeping their first "
            "registration time; each is marked carried in the waitlist and the report."
        ),
        source="project policy (week after week)",
        default="off",
        settings=("visitation.carry_waitlist",),
    ),
)
