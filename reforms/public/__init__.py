"""The public reform page (*reformside* without log-in): what it shows, publishing and preview,
legislative milestones and the document library."""
