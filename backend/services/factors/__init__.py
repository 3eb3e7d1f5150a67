"""Second factors (L3-L7, M2-M4, PK2): one module per factor behind `base.Factor`, the
`registry` in preference order, and turning them on and off from the profile (`profile`)."""
