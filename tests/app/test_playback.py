"""The playback clock: wall-clock stepping, skipping when late, loops, speed, stepping."""

from app.playback import PlaybackClock


def clock(n=100, fps=30.0):
    c = PlaybackClock()
    c.set_length(n, fps)
    return c


def test_tick_follows_wall_clock_without_drift():
    c = clock()
    frames = []
    c.events.frame.connect(frames.append)
    c.play(now=10.0)
    for k in range(1, 31):   # ticks exactly on frame times
        c.tick(10.0 + k / 30.0)
    assert c.frame == 30 and frames == list(range(1, 31))
    assert c.skipped == 0 and c.shown == 30


def test_late_ticks_skip_frames_and_count_them():
    c = clock()
    c.play(now=0.0)
    assert c.tick(0.5) == 15      # one late tick jumps straight to the frame time says
    assert c.frame == 15 and c.skipped == 14 and c.shown == 1


def test_speed_scales_time_and_reanchors():
    c = clock()
    c.set_speed(0.5)
    c.play(now=0.0)
    c.tick(1.0)
    assert c.frame == 15
    c.set_speed(2.0, now=1.0)
    c.tick(1.5)
    assert c.frame == 15 + 30


def test_stops_at_the_end_without_loop_and_restarts_from_start():
    c = clock(10)
    c.play(now=0.0)
    c.tick(5.0)
    assert c.frame == 9 and not c.playing
    c.play(now=6.0)
    assert c.frame == 0 and c.playing


def test_loop_range_wraps():
    c = clock()
    c.set_loop((10, 19))
    assert c.frame == 10
    c.play(now=0.0)
    c.tick(12 / 30.0)     # 12 frames later -> 10 + 12 wraps to 12
    assert c.frame == 12 and c.playing
    c.set_loop(None)
    assert c.loop is None


def test_step_pauses_and_clamps():
    c = clock(5)
    c.play(now=0.0)
    c.step(1)
    assert not c.playing and c.frame == 1
    c.step(-10)
    assert c.frame == 0
    c.seek(99)
    assert c.frame == 4


def test_speed_presets_are_bounded():
    c = clock()
    for _ in range(20):
        c.faster()
    assert c.speed == 2.0
    for _ in range(20):
        c.slower()
    assert c.speed == 0.1


def test_capture_rate_turns_frames_into_real_seconds_without_changing_playback():
    clock = PlaybackClock()
    rates = []
    clock.events.capture_fps.connect(rates.append)
    clock.set_length(300, 30.0)
    assert clock.capture_fps == 30.0 and clock.time_of(60) == 2.0
    clock.seek(240)
    clock.set_capture_fps(240.0)                     # slow motion: recorded at 240, played at 30
    assert clock.fps == 30.0 and clock.frame == 240 and clock.time_s == 1.0
    clock.set_capture_fps(None)
    assert clock.time_s == 8.0 and rates == [30.0, 240.0, 30.0]
    clock.set_length(100, 60.0, capture_fps=120.0)
    assert clock.fps == 60.0 and clock.time_of(120) == 1.0
