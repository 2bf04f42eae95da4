"""The shipped example scenarios, installed as the package data of `reportgen.scenarios`.

They live at the top of the project (scenarios/) to be read, built and edited
as a consultant's own would be; `reportgen new` starts a scenario of a scheme
from its example (`reportgen.starters`).
"""
