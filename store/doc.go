// Package store keeps everything callwatch knows in one bbolt file. It implements
// callwatch.Store and is the only package that imports bbolt.
package store
