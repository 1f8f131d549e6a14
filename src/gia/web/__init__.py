"""GIA's web platform: a thin Django shell around the pure core.

Views and the API stay thin; every write a user can cause goes through one ``do_*`` function in
:mod:`gia.web.actions`, which is atomic and writes the audit trail. Who may do what is decided in one
place, :mod:`gia.web.permissions`, and denied unless a rule allows it.
"""
