"""Question generators about the motion itself: body part, sequence, direction, timing, measurement.

Each generator takes (facts, swing index, rng, visible) and returns a QAItem or None when the clip cannot support
the question (a missing event or metric, or a value too close to a decision boundary to be graded fairly).
`visible` is the set of metric names the model's prompt shows (None = all): number answers are only asked about
metrics the model can read or must be able to infer, and the caller decides which.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.data.qa.facts import ClipFacts, SwingFacts
from llamo_engine.data.qa.items import Expected, QAItem
from llamo_engine.data.qa.vocabulary import event_label, event_synonyms, quantities


def pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def swing_ref(facts: ClipFacts, i: int) -> str:
    """' in swing 2' when the clip holds several swings, '' otherwise."""
    return f" in swing {i + 1}" if len(facts.swings) > 1 else ""


def at(facts: ClipFacts, frame: int) -> str:
    return f"frame {frame}, {facts.time(frame):.2f} s"


def frames_of(s: SwingFacts, events) -> list[int]:
    return [s.events[e] for e in events if s.events.get(e) is not None]


def choice(options: dict[str, tuple[str, ...]], accept) -> Expected:
    return Expected("choice", options=options, accept=tuple([accept] if isinstance(accept, str) else accept))


def item(category, question, answer, expected, frames, s: SwingFacts, template, history=()) -> QAItem:
    return QAItem(category, question, answer, expected, sorted(set(int(f) for f in frames)), s.pce_tolerance(),
                  list(history), template)


# ---- body part ------------------------------------------------------------------------------------------------
def lead_arm_top(facts, i, rng, visible):
    s = facts.swings[i]
    v, top = s.metrics.get("lead_elbow_top"), s.events.get("top")
    if s.sport != "golf" or v is None or top is None or 150.0 <= v <= 158.0:
        return None
    q = pick(rng, ["What does the lead arm do at the top?", "Is the lead arm straight or bent at the top?",
                   "How does the lead arm look at the top of the backswing?", "Does the lead arm stay straight "
                   "at the top?"]) if v > 158 else pick(rng, ["What does the lead arm do at the top?",
                                                              "Is the lead arm straight or bent at the top?"])
    straight = v > 158
    if q.startswith("Does"):
        a = (f"Yes, it stays nearly straight: the lead elbow is at {v:.0f} deg at the top ({at(facts, top)})."
             if straight else f"No, it bends: the lead elbow is at {v:.0f} deg at the top ({at(facts, top)}).")
        exp = Expected("yesno", straight)
    else:
        a = (f"It stays nearly straight: the lead elbow is at {v:.0f} deg at the top ({at(facts, top)})."
             if straight else f"It bends: the lead elbow is at {v:.0f} deg at the top ({at(facts, top)}), "
             "short of straight.")
        exp = choice({"straight": ("straight", "extended"), "bent": ("bent", "bends", "folds", "collapses")},
                     "straight" if straight else "bent")
    return item("body_part", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [top], s, "lead_arm_top")


def lead_arm_follow(facts, i, rng, visible):
    s = facts.swings[i]
    v = s.metrics.get("lead_elbow_follow")
    frame = s.events.get("mid_follow_through") or s.events.get("impact")
    if s.sport != "golf" or v is None or frame is None or 130.0 <= v <= 148.0:
        return None
    folds = v < 130
    q = pick(rng, ["What does the lead arm do after impact?", "How does the lead elbow behave in the "
                   "follow-through?", "Does the lead arm extend through the ball?"])
    opts = {"folds": ("folds", "bends", "chicken wing", "flies"), "extends": ("extends", "straight", "extended")}
    if q.startswith("Does"):
        exp = Expected("yesno", not folds)
        a = ("No, it folds (chicken wing)" if folds else "Yes, it extends") + \
            f": the lead elbow is at {v:.0f} deg at {at(facts, frame)}."
    else:
        exp = choice(opts, "folds" if folds else "extends")
        a = ("It folds, a chicken wing" if folds else "It extends through the ball") + \
            f": the lead elbow is at {v:.0f} deg at {at(facts, frame)}."
    return item("body_part", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [frame], s, "lead_arm_follow")


def club_at_top(facts, i, rng, visible):
    s = facts.swings[i]
    v, top = s.metrics.get("club_past_parallel_top"), s.events.get("top")
    if s.sport != "golf" or v is None or top is None or 3.0 < abs(v - 2.0) < 8.0:
        return None
    label = "past" if v > 8.0 else ("short" if v < -3.0 else "parallel")
    q = pick(rng, ["Where is the club at the top?", "Does the club get past parallel at the top?",
                   "How far back does the club go at the top?"])
    opts = {"past": ("past parallel", "beyond parallel", "overswing"), "short": ("short of parallel",),
            "parallel": ("about parallel", "at parallel", "parallel to the ground")}
    words = {"past": f"Past parallel (an overswing): the shaft is {v:.0f} deg below horizontal",
             "short": f"Short of parallel: the shaft is {-v:.0f} deg above horizontal",
             "parallel": f"About parallel to the ground: the shaft is within {abs(v):.0f} deg of horizontal"}
    if q.startswith("Does"):
        exp = Expected("yesno", label == "past")
        a = ("Yes. " if label == "past" else "No. ") + words[label]
    else:
        exp = choice(opts, label)
        a = words[label]
    return item("body_part", q.replace("?", swing_ref(facts, i) + "?"), a + f" at {at(facts, top)}.", exp, [top], s,
                "club_at_top")


def wrists_downswing(facts, i, rng, visible):
    s = facts.swings[i]
    v, md = s.metrics.get("wrist_hinge_mid_downswing"), s.events.get("mid_downswing")
    if s.sport != "golf" or v is None or md is None or 52.0 <= v <= 65.0:
        return None
    cast = v < 52
    q = pick(rng, ["What do the wrists do in the downswing?", "Does the golfer hold the lag in the downswing?",
                   "Do the wrists release early?"])
    if q.startswith("Does"):
        exp, a = Expected("yesno", not cast), ("No" if cast else "Yes")
    elif q.startswith("Do the"):
        exp, a = Expected("yesno", cast), ("Yes, they cast" if cast else "No, they hold the lag")
    else:
        exp = choice({"cast": ("release early", "cast", "casting", "early release"),
                      "lag": ("hold the lag", "hold their hinge", "keep the hinge", "lag")}, "cast" if cast else "lag")
        a = "They release early (casting)" if cast else "They hold the lag"
    a += f": the lead forearm-shaft angle is {v:.0f} deg at mid-downswing ({at(facts, md)})."
    return item("body_part", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [md], s, "wrists_downswing")


# ---- sequence -------------------------------------------------------------------------------------------------
def next_event(facts, i, rng, visible):
    s = facts.swings[i]
    order = s.event_order()
    if len(order) < 2:
        return None
    k = int(rng.integers(len(order) - 1))
    before = rng.random() < 0.35
    ref, ans = (order[k + 1], order[k]) if before else (order[k], order[k + 1])
    name = event_label(ref)
    q = pick(rng, [f"What happens right before {name}?", f"Which event comes just before {name}?"] if before else
             [f"What happens right after {name}?", f"Which event comes next after {name}?",
              f"What comes after {name}?"])
    opts = {e: event_synonyms(e) for e in order}
    a = f"{event_label(ans)[0].upper()}{event_label(ans)[1:]}, at {at(facts, s.events[ans])}."
    return item("sequence", q.replace("?", swing_ref(facts, i) + "?"), a, choice(opts, ans),
                [s.events[ref], s.events[ans]], s, "next_event")


def which_first(facts, i, rng, visible):
    s = facts.swings[i]
    order = s.event_order()
    if len(order) < 2:
        return None
    a_i, b_i = sorted(rng.choice(len(order), 2, replace=False))
    first, second = order[a_i], order[b_i]
    x, y = (first, second) if rng.random() < 0.5 else (second, first)
    q = pick(rng, [f"Which comes first, {event_label(x)} or {event_label(y)}?",
                   f"Does {event_label(x)} happen before {event_label(y)}?"])
    if q.startswith("Does"):
        exp = Expected("yesno", x == first)   # the frames first, the verdict last (read off the frames)
        a = f"{event_label(first)[0].upper()}{event_label(first)[1:]} is at {at(facts, s.events[first])}, " \
            f"{event_label(second)} at {at(facts, s.events[second])}, so " + ("yes." if x == first else "no.")
    else:
        exp = choice({e: event_synonyms(e) for e in (x, y)}, first)
        a = f"{event_label(first)[0].upper()}{event_label(first)[1:]} ({at(facts, s.events[first])}), then " \
            f"{event_label(second)} ({at(facts, s.events[second])})."
    return item("sequence", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [s.events[first], s.events[second]],
                s, "which_first")


def starts_downswing(facts, i, rng, visible):
    s = facts.swings[i]
    seq = s.metrics.get("kinematic_sequence")
    top = s.events.get("top" if s.sport == "golf" else "foot_plant")
    if seq is None or top is None or (visible is not None and "kinematic_sequence" not in visible):
        return None
    hips = seq >= 0.5
    q = pick(rng, ["Which starts the downswing, hips or shoulders?", "Do the hips lead the downswing?",
                   "What moves first in the downswing, the hips or the shoulders?"] if s.sport == "golf" else
             ["Which rotates first, the hips or the shoulders?", "Do the hips lead the rotation?"])
    end = s.events.get("impact" if s.sport == "golf" else "contact") or top
    if q.startswith("Do "):
        exp = Expected("yesno", hips)
        a = "Yes, the hips peak first, then the shoulders and arms." if hips else \
            "No, the shoulders peak before the hips: the sequence is out of order."
    else:
        exp = choice({"hips": ("hips", "pelvis", "lower body"), "shoulders": ("shoulders", "thorax", "torso",
                                                                              "upper body")},
                     "hips" if hips else "shoulders")
        a = "The hips: the pelvis peaks first, then the shoulders and arms." if hips else \
            "The shoulders: they peak before the hips, out of sequence."
    return item("sequence", q.replace("?", swing_ref(facts, i) + "?"), a, exp, [top, end], s, "starts_downswing")


# ---- direction ------------------------------------------------------------------------------------------------
def _direction(metric, event, margin, lo_zone, questions, words, category="direction"):
    """A three-way direction question from a signed metric (+ toward the target / pitcher)."""
    def gen(facts, i, rng, visible):
        s = facts.swings[i]
        v, frame = s.metrics.get(metric), s.events.get(event)
        if v is None or frame is None or lo_zone < abs(v) < margin or not questions.get(s.sport):
            return None
        label = "toward" if v >= margin else ("away" if v <= -margin else "still")
        opts = {"toward": ("toward the target", "toward the pitcher", "forward"),
                "away": ("away from the target", "away from the pitcher", "back"),
                "still": ("stays centred", "stays centered", "barely moves", "stays level", "stays put")}
        q = pick(rng, questions[s.sport])
        a = words[s.sport][label].format(cm=abs(v) * 100, at=at(facts, frame))
        return item(category, q.replace("?", swing_ref(facts, i) + "?"), a, choice(opts, label),
                    frames_of(s, ("address" if s.sport == "golf" else "stance",)) + [frame], s, "dir_" + metric)
    return gen


pelvis_backswing = _direction("pelvis_sway_top", "top", 0.05, 0.025, {"golf": [
    "Which way does the pelvis move in the backswing?", "Which way do the hips shift in the backswing?",
    "Which direction do the hips move going back?"]}, {"golf": {
        "toward": "Toward the target, {cm:.0f} cm by the top ({at}).",
        "away": "Away from the target, {cm:.0f} cm by the top ({at}): a sway.",
        "still": "It stays centred: {cm:.0f} cm of shift by the top ({at})."}})
upper_body_top = _direction("upper_body_shift_top", "top", 0.04, 0.02, {"golf": [
    "Which way does the upper body lean at the top?", "Where is the upper body at the top, relative to the hips?"]},
    {"golf": {"toward": "Toward the target, {cm:.0f} cm at the top ({at}): a reverse pivot.",
              "away": "Away from the target, behind the ball, {cm:.0f} cm at the top ({at}).",
              "still": "It stays centred over the pelvis, within {cm:.0f} cm at the top ({at})."}})
head_contact = _direction("head_movement", "contact", 0.08, 0.05, {"baseball": [
    "Which way does the head move before contact?", "Where does the head go before contact?"]},
    {"baseball": {"toward": "Toward the pitcher, {cm:.0f} cm by contact ({at}).",
                  "away": "Back, away from the pitcher, {cm:.0f} cm by contact ({at}).",
                  "still": "It stays put: {cm:.0f} cm of drift by contact ({at})."}})


def stride_direction(facts, i, rng, visible):
    s = facts.swings[i]
    v, fp = s.metrics.get("stride_length_m"), s.events.get("foot_plant")
    if s.sport != "baseball" or v is None or fp is None or v < 0.15:
        return None
    q = pick(rng, ["Which way does the batter stride?", "Where does the front foot go in the stride?"])
    a = f"Toward the pitcher: the front foot lands {v:.2f} m forward at foot plant ({at(facts, fp)})."
    opts = {"toward": ("toward the pitcher", "forward"), "away": ("away from the pitcher", "backward")}
    return item("direction", q.replace("?", swing_ref(facts, i) + "?"), a, choice(opts, "toward"),
                frames_of(s, ("load", "foot_plant")), s, "stride_direction")


def hip_turn_direction(facts, i, rng, visible):
    s = facts.swings[i]
    v, top = s.metrics.get("pelvis_rotation_top"), s.events.get("top")
    if s.sport != "golf" or v is None or top is None or abs(v) < 10:
        return None
    q = pick(rng, ["Which way do the hips rotate in the backswing?", "Which way do the shoulders and hips turn "
                   "going back?"])
    label = "away" if v > 0 else "toward"
    a = (f"Away from the target: the hips turn {v:.0f} deg by the top ({at(facts, top)})." if v > 0 else
         f"Toward the target, {-v:.0f} deg by the top ({at(facts, top)}), which is unusual.")
    opts = {"away": ("away from the target",), "toward": ("toward the target",)}
    return item("direction", q.replace("?", swing_ref(facts, i) + "?"), a, choice(opts, label),
                frames_of(s, ("address", "top")), s, "hip_turn_direction")


# ---- timing ---------------------------------------------------------------------------------------------------
def when_event(facts, i, rng, visible):
    s = facts.swings[i]
    order = s.event_order()
    if not order:
        return None
    e = pick(rng, order)
    name = event_label(e)
    q = pick(rng, [f"When is {name}?", f"At which frame is {name}?", f"What time does {name} happen?",
                   f"When does the athlete reach {name}?", f"Show me {name}.", f"Which frame shows {name}?"])
    frame = s.events[e]
    a = f"{name[0].upper()}{name[1:]} is at {at(facts, frame)}."
    exp = Expected("frame", frame, tol=s.pce_tolerance(), fps=facts.fps)
    q = q.replace("?", swing_ref(facts, i) + "?").replace(".", swing_ref(facts, i) + ".", 1) \
        if q.endswith(".") else q.replace("?", swing_ref(facts, i) + "?")
    return item("timing", q, a, exp, [frame], s, "when_event")


def clip_facts(facts, i, rng, visible):
    """Length, frame count or frame rate of the clip: what the prompt's first line states."""
    duration = facts.num_frames / facts.fps
    kind = pick(rng, ["duration", "frames", "fps"])
    whole = f"{facts.num_frames} frames at {facts.fps:.0f} fps"
    if kind == "duration":
        q = pick(rng, ["How long is this clip?", "How many seconds long is this clip?", "What is the clip's length?",
                       "How long is the video?"])
        a, exp = f"{duration:.1f} s: {whole}.", Expected("number", round(duration, 4), tol=0.1, unit="s")
    elif kind == "frames":
        q = pick(rng, ["How many frames are in this clip?", "How many frames does the video have?"])
        a, exp = f"{facts.num_frames} frames ({duration:.1f} s at {facts.fps:.0f} fps).", \
            Expected("number", facts.num_frames, tol=0.5)
    else:
        q = pick(rng, ["What is the frame rate?", "At how many fps was this filmed?", "What fps is this clip?"])
        a, exp = f"{facts.fps:.0f} fps ({whole}, {duration:.1f} s).", Expected("number", round(facts.fps, 3), tol=0.5)
    return item("timing", q, a, exp, [], facts.swings[i], "clip_facts")


# ---- measurement ----------------------------------------------------------------------------------------------
def measure(facts, i, rng, visible):
    s = facts.swings[i]
    known = [q for q in quantities(s.sport) if q.metric in s.metrics and (visible is None or q.metric in visible)
             and all(s.events.get(e) is not None for e in q.events)]
    if not known:
        return None
    qty = pick(rng, known)
    noun = pick(rng, qty.nouns)
    q = pick(rng, [f"What is {noun}?", f"How much is {noun}?", f"Tell me {noun}.", f"What was {noun}?",
                   f"Can you measure {noun}?"])
    v = s.metrics[qty.metric]
    frames = frames_of(s, qty.events)
    where = f" ({'; '.join(f'{event_label(e)}: {at(facts, s.events[e])}' for e in qty.events)})"
    a = f"{qty.show(v)}{where}."
    exp = Expected("number", round(v * qty.scale, 4), tol=qty.tol, unit=qty.unit)
    q = q[:-1] + swing_ref(facts, i) + q[-1]
    return item("measurement", q, a, exp, frames, s, "measure:" + qty.metric)


GENERATORS = {
    "body_part": (lead_arm_top, lead_arm_follow, club_at_top, wrists_downswing),
    "sequence": (next_event, which_first, starts_downswing),
    "direction": (pelvis_backswing, upper_body_top, head_contact, stride_direction, hip_turn_direction),
    "timing": (when_event, when_event, when_event, clip_facts),
    "measurement": (measure,),
}
