// Package callwatch holds the domain of callwatch: the types that flow through the pipeline
// (Source, Article, Finding, Entity, Signatory, Alert) and the contracts between its stages
// (Store, Detector, Notifier, AlertPolicy). It imports only the standard library.
//
// The pipeline, one package per stage:
//
//	source ──> crawler ──> extract ──> detect ──> store ──> alert
//	                                                  └──> report
//
// cmd/callwatch is the only place that wires concrete types together.
package callwatch
