"""`reportgen serve`: the HTTP API (and, later, the pages) over a folder of scenarios.

Requests are parsed on the event loop; everything that reads a scenario, scores
or renders runs in a worker process of its own (`jobs`), in a folder of its own,
under the batch's time and memory limits. Uploads are unpacked as untrusted
archives (`uploads`). Errors come back as the command line states them
(`problems`), with status 422.
"""
