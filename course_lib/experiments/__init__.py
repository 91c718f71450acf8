"""The course's experiments, with no widget in sight: the network and its training, data sets,
dead units, the showdown, gradient profiles, saturation tables and SGD paths.

Everything here runs in a plain Python script (no ipywidgets import); the explorers in
:mod:`course_lib.widgets` drive these functions and draw what they return.
"""
