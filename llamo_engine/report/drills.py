"""Suggested drills for the faults the analysis flags (golf faults of docs/SWING.md, baseball faults of the
synthetic generator), each with where the fault definition or the drill comes from.

Keys are fault names as `Fault.name` writes them (snake_case); `drill_for` also accepts "Early extension" or
"early-extension". The drill texts are this project's short summaries, not quotations.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Drill:
    name: str
    how: str
    source: str


TPI = "Titleist Performance Institute (TPI), swing characteristic"

DRILLS = {
    # ---- golf --------------------------------------------------------------------------------------------
    "early_extension": Drill(
        "Wall (chair) drill",
        "Set up with your backside touching a wall or a chair back; swing to impact keeping the trail then the "
        "lead buttock on it, so the hips turn instead of moving toward the ball.",
        f"{TPI} 'Early Extension'"),
    "loss_of_posture": Drill(
        "Head-against-stick posture drill",
        "Have a partner hold an alignment stick against your head at address; make half swings keeping the "
        "spine angle and the head height until past impact.",
        f"{TPI} 'Loss of Posture'"),
    "sway": Drill(
        "Trail-foot stick drill",
        "Push an alignment stick into the ground just outside the trail foot, leaning in; turn back into the "
        "trail hip without the hip touching the stick.",
        f"{TPI} 'Sway'"),
    "slide": Drill(
        "Lead-hip stick drill",
        "Place an alignment stick upright outside the lead hip; in the downswing rotate the lead hip back and "
        "around instead of bumping the stick.",
        f"{TPI} 'Slide'"),
    "reverse_pivot": Drill(
        "Step-back pressure drill",
        "Start with the feet together, step the trail foot back as the club goes back and feel the weight load "
        "into it at the top; then step toward the target to start down.",
        f"{TPI} 'Reverse Spine Angle' / weight shift"),
    "over_the_top": Drill(
        "Headcover-outside-the-ball drill",
        "Put a headcover just outside and beyond the ball; start the downswing with the lower body and swing "
        "from inside without hitting the headcover.",
        f"{TPI} 'Over the Top'"),
    "chicken_wing": Drill(
        "Towel-under-the-arms drill",
        "Tuck a towel under both armpits and hit half shots keeping it in place through the finish so the lead "
        "arm extends after impact.",
        f"{TPI} 'Chicken Winging'"),
    "casting": Drill(
        "Pump drill",
        "Swing to the top, pump down to lead arm parallel twice keeping the wrist hinge, then swing through "
        "holding the angle as long as possible.",
        f"{TPI} 'Casting / Early Release'"),
    "overswing": Drill(
        "Three-quarter backswing drill",
        "Hit shots stopping the backswing when the lead arm is parallel to the ground, feeling the turn of the "
        "chest, not the arms, finish the backswing.",
        "Shaft past parallel at the top (docs/SWING.md, 'overswing')"),
    "head_lift": Drill(
        "Eyes-on-the-spot drill",
        "Put a coin under the ball's position and keep your eyes on it until the ball is gone; at impact the "
        "head stays behind the ball.",
        "Head movement: head stays behind the ball at impact (docs/SWING.md)"),
    "flat_shoulder_plane": Drill(
        "Cross-arms shoulder-tilt drill",
        "Hold a club across the chest in golf posture and turn back until the shaft points at the ball line "
        "with the lead shoulder moving down, not around.",
        f"{TPI} 'Flat Shoulder Plane'; lead-shoulder tilt ~36 deg (SwingTRU, docs/SWING.md)"),
    "insufficient_hip_turn": Drill(
        "Trail-foot flare and seated rotation",
        "Flare the trail foot out ~20 degrees at address to free the hip turn; add the seated trunk and "
        "hip-rotation mobility test as a daily exercise.",
        "Hip turn ~45-50 deg at the top (docs/SWING.md); TPI screen: pelvic rotation"),
    "reverse_spine_angle": Drill(
        "Hands-on-hips turn drill",
        "In posture with the hands on the hips, turn back feeling the upper body stay over the trail leg, "
        "never leaning toward the target at the top.",
        f"{TPI} 'Reverse Spine Angle'"),
    # ---- baseball ----------------------------------------------------------------------------------------
    "early_hip_opening": Drill(
        "Separation (hip-lead) tee drill",
        "From the load, stride and land with the front hip closed while the shoulders stay back; only then fire "
        "the hips and let the shoulders follow.",
        "Hip-shoulder separation at foot plant (Driveline OpenBiomechanics naming, docs/SWING.md)"),
    "long_stride": Drill(
        "No-stride tee drill",
        "Start wide with the weight loaded and hit off a tee with only a heel lift instead of a stride, then "
        "add back a short, controlled stride.",
        "Stride length (Driveline OpenBiomechanics naming, docs/SWING.md)"),
    "head_drift": Drill(
        "Still-head tee drill",
        "Hit off a tee with a partner's hand or a stick lightly touching the front of your helmet; keep the "
        "head from drifting toward the pitcher before contact.",
        "Head movement (Driveline OpenBiomechanics naming, docs/SWING.md)"),
    "lunging": Drill(
        "Stride-and-hold drill",
        "Stride to foot plant and hold for a count with the weight centred and the trunk upright before "
        "swinging; the trunk must not move over the front leg.",
        "Time from foot plant to contact (Driveline OpenBiomechanics naming, docs/SWING.md)"),
}


def fault_key(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def drill_for(fault_name: str) -> Drill | None:
    """The suggested drill for a fault, or None when the table has none."""
    return DRILLS.get(fault_key(fault_name))


def pretty_name(key: str) -> str:
    """'early_extension' -> 'Early extension'."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
