// Package arch holds no code: its tests check the layout's rules (which
// layer may import what, which packages stay free of the Temporal SDK, and
// that actions are named only in the task domain's table).
package arch
