// Package scoring turns what a campaign's units did into scores (考评, SPEC
// section 18): points per task by rules a plan sets (or the defaults),
// adjustments by hand, and a rank within each unit's class. It is pure: the
// caller reads the tasks, their events and the adjustments and passes them
// in.
package scoring
