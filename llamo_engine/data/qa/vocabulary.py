"""The words of the instruction data: event names and their synonyms, and the measured quantities a question can
ask about (analysis metric name -> how it is said, its unit in answers, grading tolerance, the event that holds it).
"""

from __future__ import annotations

import dataclasses

# event -> (name used in answers, other names accepted when grading); lower case
EVENT_WORDS = {
    "address": ("address", ("setup", "set-up")),
    "toe_up": ("toe-up", ("toe up", "shaft parallel in the backswing")),
    "mid_backswing": ("mid-backswing", ("mid backswing", "lead arm parallel in the backswing")),
    "top": ("the top", ("top of the backswing", "top of the swing", "top")),
    "mid_downswing": ("mid-downswing", ("mid downswing", "lead arm parallel in the downswing")),
    "impact": ("impact", ("ball strike", "hitting the ball")),
    "mid_follow_through": ("mid-follow-through", ("mid follow-through", "mid follow through")),
    "finish": ("the finish", ("finish",)),
    "stance": ("the stance", ("stance",)),
    "load": ("the load", ("load", "loading")),
    "foot_plant": ("foot plant", ("foot-plant", "front foot lands", "stride foot lands")),
    "contact": ("contact", ("bat-ball contact", "hitting the ball")),
    "follow_through": ("the follow-through", ("follow-through", "follow through")),
}


def event_label(event: str) -> str:
    return EVENT_WORDS[event][0]


def event_synonyms(event: str) -> tuple[str, ...]:
    main, others = EVENT_WORDS[event]
    bare = main[4:] if main.startswith("the ") else main
    return tuple(dict.fromkeys((bare, main, *others)))


@dataclasses.dataclass(frozen=True)
class Quantity:
    """A measured value questions can ask about. Answers show `value * scale` in `unit` with `digits` decimals;
    grading accepts |answer - truth| <= tol (in answer units)."""

    metric: str
    nouns: tuple[str, ...]         # ways to name it in a question ("the tempo ratio", ...)
    unit: str
    tol: float
    events: tuple[str, ...]        # the events whose frames hold the answer
    scale: float = 1.0
    digits: int = 0
    sport: str = "golf"

    def show(self, value: float) -> str:
        v = value * self.scale
        text = f"{v:.{self.digits}f}"
        return f"{text}:1" if self.unit == ":1" else f"{text} {self.unit}"


QUANTITIES = {q.metric + ":" + q.sport: q for q in (
    Quantity("tempo_ratio", ("the tempo ratio", "the tempo", "the backswing-to-downswing ratio",
                             "the ratio of backswing to downswing time"), ":1", 0.35, ("address", "top", "impact"),
             digits=1),
    Quantity("backswing_time_s", ("the backswing time", "the length of the backswing in seconds",
                                  "the time from address to the top"), "s", 0.07, ("address", "top"), digits=2),
    Quantity("downswing_time_s", ("the downswing time", "the time from the top to impact",
                                  "the length of the downswing"), "s", 0.04, ("top", "impact"), digits=2),
    Quantity("pelvis_rotation_top", ("the hip turn at the top", "the pelvis rotation at the top",
                                     "the hip rotation in the backswing"), "deg", 8.0, ("top",)),
    Quantity("thorax_rotation_top", ("the shoulder turn at the top", "the thorax rotation at the top",
                                     "the shoulder rotation in the backswing"), "deg", 8.0, ("top",)),
    Quantity("x_factor_top", ("the X-factor", "the X-factor at the top", "the hip-shoulder separation at the top"),
             "deg", 8.0, ("top",)),
    Quantity("x_factor_stretch", ("the X-factor stretch", "the extra separation early in the downswing"), "deg", 5.0,
             ("top", "mid_downswing")),
    Quantity("pelvis_rotation_impact", ("the hip turn at impact", "the hip opening at impact"), "deg", 10.0,
             ("impact",)),
    Quantity("thorax_rotation_impact", ("the shoulder turn at impact", "the shoulder opening at impact"),
             "deg", 10.0, ("impact",)),
    Quantity("hand_speed_max", ("the peak hand speed", "the hand speed in the downswing"), "m/s", 1.5,
             ("top", "impact"), digits=1),
    Quantity("club_speed_max", ("the peak club-head speed", "the club speed", "the clubhead speed"), "m/s", 4.0,
             ("top", "impact"), digits=1),
    Quantity("lead_elbow_top", ("the lead elbow angle at the top", "the lead-arm angle at the top"), "deg",
             10.0, ("top",)),
    Quantity("head_movement", ("the head movement", "the head displacement before impact"), "m", 0.04,
             ("address", "impact"), digits=2),
    Quantity("stride_length_m", ("the stride length", "the length of the stride"), "m", 0.08, ("foot_plant",),
             digits=2, sport="baseball"),
    Quantity("hip_shoulder_sep_fp", ("the hip-shoulder separation at foot plant", "the separation at foot plant"),
             "deg", 8.0, ("foot_plant",), sport="baseball"),
    Quantity("hip_shoulder_sep_max", ("the maximum hip-shoulder separation", "the peak separation"), "deg", 8.0,
             ("foot_plant", "contact"), sport="baseball"),
    Quantity("fp_to_contact_s", ("the time from foot plant to contact", "the foot-plant-to-contact time"), "s",
             0.04, ("foot_plant", "contact"), digits=2, sport="baseball"),
    Quantity("hand_speed_max", ("the peak hand speed", "the hand speed"), "m/s", 1.5, ("foot_plant", "contact"),
             digits=1, sport="baseball"),
    Quantity("bat_speed_max", ("the peak bat speed", "the bat speed"), "m/s", 4.0, ("foot_plant", "contact"),
             digits=1, sport="baseball"),
)}


def quantities(sport: str) -> list[Quantity]:
    return [q for q in QUANTITIES.values() if q.sport == sport]


REFUSAL = "I can't see that in this clip"
