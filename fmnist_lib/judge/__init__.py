"""The report's own values (``paper``), the verdict rules (``verdicts``), the few sentences
whose shape changes (``wording``), the scorecard, and the figures. Imports ``compute`` and
``runtime``; editing it refits nothing."""
