"""Parameters of one synthetic swing, their random sampling, and the seed ranges of the train/held-out split."""

from __future__ import annotations

import dataclasses

import numpy as np

GOLF_FAULTS = ("early_extension", "loss_of_posture", "sway", "slide", "reverse_pivot", "over_the_top",
               "chicken_wing", "casting", "overswing", "head_lift", "flat_shoulder_plane", "insufficient_hip_turn")
BASEBALL_FAULTS = ("early_hip_opening", "long_stride", "head_drift", "lunging")
SPORTS = ("golf", "baseball")
# Seed ranges: training data generators use TRAIN_SEEDS, evaluation uses HELDOUT_SEEDS only.
TRAIN_SEEDS = range(0, 1_000_000)
HELDOUT_SEEDS = range(1_000_000, 1_100_000)


@dataclasses.dataclass(frozen=True)
class SwingParams:
    """Everything that decides one synthetic swing (durations in seconds, angles in degrees, lengths in metres).

    Golf: backswing_s is takeaway -> top, downswing_s top -> impact, follow_s impact -> finish.
    Baseball: backswing_s is stance end -> load (hands back, leg lift), stride_s load -> foot plant,
    downswing_s foot plant -> contact, follow_s contact -> end of follow-through.
    Turns are measured from address in the ground plane, positive away from the target.
    """

    sport: str = "golf"
    club: str = "driver"          # golf: "driver" | "iron"; baseball: "bat"
    handedness: str = "right"     # "right" | "left"
    fps: float = 30.0
    height_m: float = 1.78
    address_s: float = 1.0        # still time before the takeaway (stance for baseball)
    backswing_s: float = 0.85
    stride_s: float = 0.25        # baseball only
    downswing_s: float = 0.28
    follow_s: float = 0.55
    hold_s: float = 0.8           # time held at the finish
    pelvis_turn: float = 45.0     # at the top (baseball: coil at load)
    thorax_turn: float = 90.0     # at the top (baseball: coil at load)
    x_stretch: float = 5.0        # extra separation early in the downswing (golf) / at foot plant (baseball)
    spine_tilt: float = 38.0      # forward bend at address
    side_bend: float = 8.0        # trail shoulder lower at address
    arm_top: float = 145.0        # hand-path angle at the top (0 = hands hanging at address)
    wrist_hinge: float = 85.0     # wrist set at the top
    stance_width_m: float = 0.45
    stride_m: float = 0.4         # baseball only: lead-ankle travel from stance to foot plant
    swing_scale: float = 1.0      # < 1 makes a partial motion: ~0.1 a waggle, ~0.45 a half practice swing
    faults: frozenset = frozenset()
    seed: int = 0

    def __post_init__(self) -> None:
        if self.sport not in SPORTS:
            raise ValueError(f"sport must be one of {SPORTS}, got {self.sport!r}")
        if self.handedness not in ("right", "left"):
            raise ValueError(f"handedness must be 'right' or 'left', got {self.handedness!r}")
        allowed = GOLF_FAULTS if self.sport == "golf" else BASEBALL_FAULTS
        unknown = set(self.faults) - set(allowed)
        if unknown:
            raise ValueError(f"unknown {self.sport} faults {sorted(unknown)}; valid: {', '.join(allowed)}")
        object.__setattr__(self, "faults", frozenset(self.faults))

    @property
    def tempo_ratio(self) -> float:
        return self.backswing_s / self.downswing_s


def sample_params(seed: int, sport: str | None = None, *, fault_rate: float = 0.35,
                  fps: float | None = None) -> SwingParams:
    """A random, plausible swing for `seed` (deterministic). Each fault is present with about `fault_rate`/3
    probability, so roughly a third of the swings are clean."""
    rng = np.random.default_rng(seed)
    sport = sport or ("golf" if rng.random() < 0.7 else "baseball")
    fps = fps or float(rng.choice([25.0, 30.0, 30.0, 60.0]))
    common = dict(sport=sport, seed=seed, fps=fps, handedness="left" if rng.random() < 0.15 else "right",
                  height_m=float(rng.uniform(1.6, 1.95)), address_s=float(rng.uniform(0.6, 1.4)),
                  hold_s=float(rng.uniform(0.5, 1.0)))
    if sport == "golf":
        faults = frozenset(f for f in GOLF_FAULTS if rng.random() < fault_rate / 3)
        down = float(rng.uniform(0.24, 0.34))
        return SwingParams(
            club=str(rng.choice(["driver", "iron"])), backswing_s=down * float(rng.uniform(2.4, 4.2)),
            downswing_s=down, follow_s=float(rng.uniform(0.45, 0.7)), pelvis_turn=float(rng.uniform(38, 55)),
            thorax_turn=float(rng.uniform(82, 105)), x_stretch=float(rng.uniform(2, 9)),
            spine_tilt=float(rng.uniform(32, 44)), side_bend=float(rng.uniform(4, 12)),
            arm_top=float(rng.uniform(130, 152)), wrist_hinge=float(rng.uniform(75, 95)),
            stance_width_m=float(rng.uniform(0.38, 0.55)), faults=faults, **common)
    faults = frozenset(f for f in BASEBALL_FAULTS if rng.random() < fault_rate / 2)
    return SwingParams(
        club="bat", backswing_s=float(rng.uniform(0.35, 0.6)), stride_s=float(rng.uniform(0.18, 0.32)),
        downswing_s=float(rng.uniform(0.14, 0.2)), follow_s=float(rng.uniform(0.3, 0.45)),
        pelvis_turn=float(rng.uniform(10, 25)), thorax_turn=float(rng.uniform(25, 40)),
        x_stretch=float(rng.uniform(8, 20)), spine_tilt=float(rng.uniform(10, 20)), side_bend=float(rng.uniform(0, 6)),
        arm_top=0.0, wrist_hinge=0.0, stance_width_m=float(rng.uniform(0.45, 0.6)),
        stride_m=float(rng.uniform(0.65, 0.8) if "long_stride" in faults else rng.uniform(0.25, 0.5)),
        faults=faults, **common)
