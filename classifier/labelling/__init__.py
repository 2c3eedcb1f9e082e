"""Labelling in the browser with the model in the loop, reviewing labels, and exchanging them with other tools.

One job per module: `store` (the answers file: appended, fsynced, locked),
`order` (which paragraph to ask next), `highlight` (the words behind a
suggestion), `session` (a labelling session: queue, answers, retraining),
`review` (likely label errors and their correction), `interop` (doccano,
Label Studio, Prodigy), `server` (the thin web layer; needs the `label` extra).
"""
