"""Login (L1-L9, M2, PK2, S1): a stored attempt from the password to a session.

One module per part of the flow:
- `attempts`: the stored attempt: opening one, loading it in the state a step expects,
  moving it on.
- `screens`: what an attempt shows in each state (the code, app enrollment, a recovery code).
- `factor_checks`: the one place that asks which factors a user has and checks an answer.
- `guesses`: the budgets every secret check runs under (R2, L8) and its transaction (O5).
- `password_step`: step 1.
- `second_factor`: step 2, and "Try another method", Resend and the passkey request.
- `enrollment`: app enrollment and the recovery code shown once (M2, L7).
- `sign_in`: the session at the end, with what it proved.
- `step_up` and `freshness`: S1, a fresh second factor for a session's guarded changes.
"""
