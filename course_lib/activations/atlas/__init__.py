"""One module per activation, each holding everything about it (g, g′, g″ in NumPy, the SymPy
definition and derivations, parameters, kinks, paper, look, advice) in one ``RECORD``.
:mod:`course_lib.activations` assembles them and exports their functions."""
