"""Question generators about coaching and the clip as a whole: diagnosis and coaching, hallucination and
negation, repetition counting, sport and handedness, and multi-turn follow-ups."""

from __future__ import annotations

from llamo_engine.analysis.references import FAULT_RULES
from llamo_engine.coaching import COACHING, causes_of, first_to_fix
from llamo_engine.data.qa.items import Expected
from llamo_engine.data.qa.motion_questions import at, choice, event_label, item, pick, swing_ref
from llamo_engine.data.qa.vocabulary import REFUSAL

NONE_WORDS = ("no fault", "no faults", "nothing major", "no clear fault", "nothing in this swing")
HIT = {"golf": "impact", "baseball": "contact"}
# where a fault metric is read: the event of its name suffix
METRIC_EVENT = {"_top": "top", "_impact": "impact", "_fp": "foot_plant", "_contact": "contact",
                "_follow": "mid_follow_through", "_mid_downswing": "mid_downswing", "_m": "foot_plant",
                "_offset": "mid_downswing", "head_movement": None}


def fault_frames(s, fault: str) -> list[int]:
    """The clip frames that show a fault: the event its metric is read at (impact / contact as a fallback)."""
    metric = FAULT_RULES[s.sport][fault][0]
    event = next((e for suffix, e in METRIC_EVENT.items() if metric.endswith(suffix)), None)
    frame = s.events.get(event) if event else None
    if frame is None:
        frame = s.events.get(HIT[s.sport])
    return [] if frame is None else [frame]


def fault_options(sport: str) -> dict[str, tuple[str, ...]]:
    opts = {f: c.synonyms for f, c in COACHING[sport].items()}
    opts["none"] = NONE_WORDS
    return opts


def athlete(sport: str) -> str:
    return "golfer" if sport == "golf" else "batter"


# ---- diagnosis and coaching ------------------------------------------------------------------------------------
def work_on_first(facts, i, rng, visible):
    s = facts.swings[i]
    row = first_to_fix(s.sport, s.faults)
    q = pick(rng, ["What should this player work on first?", "What is the biggest problem in this swing?",
                   "What would you fix first?", f"What is the main fault of this {athlete(s.sport)}?",
                   "Give me one thing to work on.", "How can this swing improve?"])
    if row is None:
        a = "Nothing major: no fault is flagged in this swing, so keep grooving the same motion."
        return item("diagnosis", q, a, choice(fault_options(s.sport), "none"), [], s, "work_on_first")
    frames = fault_frames(s, row.fault)
    where = f" (see {at(facts, frames[0])})" if frames else ""
    a = f"{row.label[0].upper()}{row.label[1:]}: {row.looks_like}{where}. Likely cause: {row.cause}. Drill: {row.drill.text}."
    return item("diagnosis", q.replace("?", swing_ref(facts, i) + "?"), a, choice(fault_options(s.sport), row.fault),
                frames, s, "work_on_first")


FLIGHTS = {"golf": {"slice": ["Why might this golfer slice?", "What could cause a slice in this swing?"],
                    "thin": ["Why might this golfer hit it thin?", "What could cause thin shots here?"],
                    "fat": ["Why might this golfer hit it fat?", "Why could this player hit behind the ball?"]},
           "baseball": {"weak contact": ["Why might this batter make weak contact?"],
                        "pop-up": ["Why might this batter pop up?"]}}


FLIGHT_NOUN = {"slice": "a slice", "thin": "thin shots", "fat": "fat shots", "weak contact": "weak contact",
               "pop-up": "pop-ups"}


def ball_flight(facts, i, rng, visible):
    s = facts.swings[i]
    flight = pick(rng, list(FLIGHTS[s.sport]))
    q = pick(rng, FLIGHTS[s.sport][flight])
    rows = causes_of(s.sport, flight, s.faults)
    if not rows:
        a = f"Nothing in this swing points to {FLIGHT_NOUN[flight]}: no related fault is flagged."
        return item("diagnosis", q, a, choice(fault_options(s.sport), "none"), [], s, "ball_flight")
    row = rows[0]
    frames = fault_frames(s, row.fault)
    where = f" at {at(facts, frames[0])}" if frames else ""
    a = f"{row.label[0].upper()}{row.label[1:]}: {row.looks_like}{where}, which can cause {FLIGHT_NOUN[flight]}. Drill: " \
        f"{row.drill.name}."
    return item("diagnosis", q.replace("?", swing_ref(facts, i) + "?"), a,
                choice(fault_options(s.sport), tuple(r.fault for r in rows)), frames, s, "ball_flight")


def drill(facts, i, rng, visible):
    s = facts.swings[i]
    row = first_to_fix(s.sport, s.faults)
    q = pick(rng, ["What drill would help this swing?", "Which drill should this player do?",
                   "Suggest a drill.", "What should this athlete practise?"])
    opts = {f: (c.drill.name,) for f, c in COACHING[s.sport].items()}
    opts["none"] = NONE_WORDS
    if row is None:
        return item("diagnosis", q, "No fault is flagged, so no corrective drill is needed; keep the same tempo "
                    "and rhythm.", choice(opts, "none"), [], s, "drill")
    frames = fault_frames(s, row.fault)
    a = f"The {row.drill.name}, for {row.label}: {row.drill.cue}."
    return item("diagnosis", q.replace("?", swing_ref(facts, i) + "?").replace(".", swing_ref(facts, i) + ".")
                if q.endswith(".") else q.replace("?", swing_ref(facts, i) + "?"), a, choice(opts, row.fault), frames,
                s, "drill")


# ---- hallucination and negation --------------------------------------------------------------------------------
SPECIFIC = {"head_lift": ["Does the golfer lift the head?", "Does the head come up through impact?"],
            "sway": ["Does the golfer sway off the ball?"], "early_extension": ["Does the golfer early extend?",
                                                                                "Do the hips thrust toward the ball?"],
            "over_the_top": ["Does the golfer come over the top?"], "casting": ["Does the golfer cast the club?"],
            "chicken_wing": ["Does the lead arm chicken wing?"], "overswing": ["Does the golfer overswing?"],
            "lunging": ["Does the batter lunge at the ball?"], "head_drift": ["Does the batter's head drift forward?"],
            "early_hip_opening": ["Do the hips open early?"], "long_stride": ["Is the stride too long?"]}


def has_fault(facts, i, rng, visible):
    s = facts.swings[i]
    table = COACHING[s.sport]
    present = [f for f in table if f in s.faults]
    fault = pick(rng, present) if present and rng.random() < 0.5 else pick(rng, list(table))
    row = table[fault]
    q = pick(rng, SPECIFIC.get(fault, []) + [f"Is there any {row.label} in this swing?",
                                             f"Do you see {row.label} here?", f"Does this swing show {row.label}?"])
    yes = fault in s.faults
    frames = fault_frames(s, fault)
    where = f" at {at(facts, frames[0])}" if frames else ""
    a = f"Yes: {row.looks_like}{where}." if yes else f"No, there is no {row.label} in this swing."
    return item("hallucination", q.replace("?", swing_ref(facts, i) + "?"), a, Expected("yesno", yes), frames, s,
                "has_fault")


NOT_IN_CLIP = {"golf": ["How far did the ball go?", "What brand is the driver?", "Where did the ball land?",
                        "What was the ball speed?", "What is this golfer's handicap?", "What was the spin rate?",
                        "Did the ball hit the fairway?", "How windy was it?", "What was the launch angle?"],
               "baseball": ["How fast was the pitch?", "What pitch type was thrown?", "Was it a home run?",
                            "What was the exit velocity?", "Did the ball go foul?", "What was the score?",
                            "Who is the pitcher?"]}


def not_in_clip(facts, i, rng, visible):
    s = facts.swings[i]
    q = pick(rng, NOT_IN_CLIP[s.sport])
    a = f"{REFUSAL}: it shows the athlete's motion, not the ball or the equipment details."
    return item("hallucination", q, a, Expected("refusal"), [], s, "not_in_clip")


def missing_swing(facts, i, rng, visible):
    n = len(facts.swings)
    s = facts.swings[i]
    e = HIT[s.sport]
    ordinal = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n + 1, f"{n + 1}th")
    q = pick(rng, [f"When is {event_label(e)} in the {ordinal} swing?", f"What is the tempo of the {ordinal} swing?"])
    a = f"{REFUSAL}: there is no {ordinal} swing, the clip holds {n} swing{'s' if n > 1 else ''}."
    return item("hallucination", q, a, Expected("refusal"), [], s, "missing_swing")


# ---- repetition, sport -----------------------------------------------------------------------------------------
def count_swings(facts, i, rng, visible):
    s = facts.swings[i]
    n = len(facts.swings)
    q = pick(rng, ["How many swings are in this clip?", "How many times does the athlete swing?",
                   "Count the swings.", "How many repetitions are there?", "How many swings did I take?"])
    hits = [w.events.get(HIT[w.sport]) for w in facts.swings]
    hits = [h for h in hits if h is not None]
    listing = ", ".join(f"frame {h}" for h in hits)
    a = f"{n} swing{'s' if n > 1 else ''}" + (f", with {event_label(HIT[s.sport])} at {listing}." if hits else ".")
    return item("repetition", q, a, Expected("count", n), hits, s, "count_swings")


def which_sport(facts, i, rng, visible):
    s = facts.swings[i]
    q = pick(rng, ["What sport is this?", "Is this a golf swing or a baseball swing?", "Is this golf?",
                   "Is this a baseball swing?", "What kind of swing is this?"])
    hit = s.events.get(HIT[s.sport])
    if q.startswith("Is this golf") or q.startswith("Is this a baseball"):
        asked = "golf" if "golf" in q else "baseball"
        yes = asked == s.sport
        # the sport first, the verdict last: a small model copies the asked sport when it must say yes/no first
        a = f"It is a {s.sport} swing, " + ("so yes." if yes else f"not a {asked} swing.")
        exp = Expected("yesno", yes)
    else:
        a = f"{'Golf' if s.sport == 'golf' else 'Baseball'}: a {s.handedness}-handed {s.sport} swing."
        exp = choice({"golf": ("golf",), "baseball": ("baseball", "batting")}, s.sport)
    return item("sport", q, a, exp, [] if hit is None else [hit], s, "which_sport")


def handedness(facts, i, rng, visible):
    s = facts.swings[i]
    q = pick(rng, ["Is the athlete right- or left-handed?", "Which hand does this player swing with?",
                   f"Is this a left-handed {athlete(s.sport)}?"])
    top = s.events.get("top" if s.sport == "golf" else "load")
    if q.startswith("Is this a left"):
        exp = Expected("yesno", s.handedness == "left")
        a = ("Yes" if s.handedness == "left" else "No") + f", a {s.handedness}-handed {athlete(s.sport)}."
    else:
        exp = choice({"right": ("right-handed", "right handed", "right"), "left": ("left-handed", "left handed",
                                                                                  "left")}, s.handedness)
        a = f"{s.handedness.capitalize()}-handed."
    return item("sport", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [] if top is None else [top], s,
                "handedness")


# ---- multi-turn ------------------------------------------------------------------------------------------------
def follow_up(facts, i, rng, visible):
    """A first question and answer in the history, then a short follow-up that only makes sense after it."""
    from llamo_engine.data.qa.motion_questions import when_event
    s = facts.swings[i]
    kind = pick(rng, ["event", "duration", "turn", "drill"])
    ref = swing_ref(facts, i)
    if kind == "turn" and s.sport == "golf":
        a_m, b_m = ("pelvis_rotation_top", "thorax_rotation_top") if rng.random() < 0.5 else \
            ("thorax_rotation_top", "pelvis_rotation_top")
        top = s.events.get("top")
        if top is None or a_m not in s.metrics or b_m not in s.metrics or \
                (visible is not None and not {a_m, b_m} <= set(visible)):
            return None
        part = {"pelvis_rotation_top": "hip", "thorax_rotation_top": "shoulder"}
        q1 = f"How much do the {part[a_m]}s turn by the top{ref}?"
        a1 = f"{s.metrics[a_m]:.0f} deg of {part[a_m]} turn at the top ({at(facts, top)})."
        q2 = pick(rng, [f"And the {part[b_m]}s?", f"What about the {part[b_m]}s?"])
        a2 = f"{s.metrics[b_m]:.0f} deg of {part[b_m]} turn at the top ({at(facts, top)})."
        exp = Expected("number", round(s.metrics[b_m], 4), tol=8.0, unit="deg")
        return item("multi_turn", q2, a2, exp, [top], s, "follow_turn", [(q1, a1)])
    if kind == "duration":
        e1, e2, metric = ("top", "impact", "downswing_time_s") if s.sport == "golf" else \
            ("foot_plant", "contact", "fp_to_contact_s")
        f1, f2 = s.events.get(e1), s.events.get(e2)
        if f1 is None or f2 is None or f2 <= f1:
            return None
        q1 = f"When is {event_label(e1)}{ref}?"
        a1 = f"{event_label(e1)[0].upper()}{event_label(e1)[1:]} is at {at(facts, f1)}."
        q2 = pick(rng, [f"How long after that is {event_label(e2)}?", f"And how long until {event_label(e2)}?"])
        dt = (f2 - f1) / facts.fps
        a2 = f"{dt:.2f} s later: {event_label(e2)} is at {at(facts, f2)}."
        return item("multi_turn", q2, a2, Expected("number", round(dt, 4), tol=0.04, unit="s"), [f1, f2], s,
                    "follow_duration", [(q1, a1)])
    if kind == "drill":
        row = first_to_fix(s.sport, s.faults)
        if row is None:
            return None
        frames = fault_frames(s, row.fault)
        q1 = f"Is there any {row.label} in this swing{ref}?"
        a1 = f"Yes: {row.looks_like}" + (f" at {at(facts, frames[0])}." if frames else ".")
        q2 = pick(rng, ["What drill helps with that?", "How do I fix it?", "Any drill for that?"])
        opts = {f: (c.drill.name,) for f, c in COACHING[s.sport].items()}
        a2 = f"The {row.drill.name}: {row.drill.cue}."
        return item("multi_turn", q2, a2, choice(opts, row.fault), frames, s, "follow_drill", [(q1, a1)])
    first = when_event(facts, i, rng, visible)
    order = s.event_order()
    if first is None or len(order) < 2:
        return None
    e2 = pick(rng, order)
    f2 = s.events[e2]
    q2 = pick(rng, [f"And {event_label(e2)}?", f"What about {event_label(e2)}?"])
    a2 = f"{event_label(e2)[0].upper()}{event_label(e2)[1:]} is at {at(facts, f2)}."
    exp = Expected("frame", f2, tol=s.pce_tolerance(), fps=facts.fps)
    return item("multi_turn", q2, a2, exp, [f2], s, "follow_event", [(first.question, first.answer)])


GENERATORS = {
    "diagnosis": (work_on_first, ball_flight, drill),
    "hallucination": (has_fault, has_fault, not_in_clip, missing_swing),
    "repetition": (count_swings,),
    "sport": (which_sport, handedness),
    "multi_turn": (follow_up,),
}
