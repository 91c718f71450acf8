"""Settings shared by every test.

Hypothesis: no per-example deadline. Timing belongs in the benchmark (`make bench`), not in
a test, and a busy 2-core CI machine must not turn a slow example into a failure.
"""

from hypothesis import settings

settings.register_profile("course", deadline=None)
settings.load_profile("course")
