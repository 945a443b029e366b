"""Grant tranches of a reform: each municipality's status per tranche (earned, not earned,
pending) from the milestones, the amounts to pay, the STAR list with its XLSX export and the
`grant-tranches` API (CONTRACT §7)."""
