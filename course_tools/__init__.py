"""Tools that build, check and grade the course from its notebooks (not installed for learners)."""
