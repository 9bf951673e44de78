"""c2p — compose to production.

Pipeline, one direction: load → classify → plan → render → write, plus validate.
Each stage lives in its own subpackage and takes and returns frozen dataclasses.
"""

__version__ = "0.1.0"
