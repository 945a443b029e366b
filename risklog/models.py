"""Models of the risklog app."""
