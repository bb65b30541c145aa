"""handouts: reviewed clinical recommendations to print-ready PDFs.

Importing the package is cheap on purpose: WeasyPrint is imported only by the
rendering module, so commands that never render start fast.

From Python (a service that makes handouts in its own process): handouts.api.
"""

__version__ = "0.1.0"
