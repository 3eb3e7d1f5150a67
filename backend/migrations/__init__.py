"""O1: the schema's whole history, one Tortoise migration per file, from an empty database.

0001_initial is the schema `generate_schemas` made before migrations existed; `latchkey migrate`
adopts such a database instead of recreating it. Add a file with `latchkey makemigrations NAME`
after a model change (README, "Changing the schema"); never edit one that has landed.
"""
