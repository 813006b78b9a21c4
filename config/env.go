package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// EnvPrefix starts the name of every environment variable that overrides an option.
//
// The naming rule: take the option's path, upper-case it, and replace dots by
// underscores: crawl.per_host is CALLWATCH_CRAWL_PER_HOST, database is CALLWATCH_DATABASE,
// http.token is CALLWATCH_HTTP_TOKEN. List items are addressed by their index from 0:
// alerts.channels[0].url is CALLWATCH_ALERTS_CHANNELS_0_URL. An index equal to the
// list's length adds an item (CALLWATCH_ALERTS_CHANNELS_0_TYPE=log adds a first channel
// when the file has none); a larger index is ignored. A list of values (alerts.kinds,
// to, command) is written comma-separated: CALLWATCH_ALERTS_KINDS=reported,confirmed.
// Variables override the file; command-line flags override variables.
const EnvPrefix = "CALLWATCH_"

// EnvName returns the environment variable that overrides the option at a yaml path such
// as "crawl.per_host" or "alerts.channels[0].url".
func EnvName(path string) string {
	return EnvPrefix + strings.ToUpper(envReplacer.Replace(path))
}

var envReplacer = strings.NewReplacer(".", "_", "[", "_", "]", "")

// maxEnvItems bounds how many list items the environment can add.
const maxEnvItems = 100

// applyEnv overrides the options of v (at path) from the environment.
func (l *loader) applyEnv(v reflect.Value, path string) bool {
	found := false
	t := v.Type()
	for i := range t.NumField() {
		key := yamlKey(t.Field(i))
		if key == "" {
			continue
		}
		fp := joinPath(path, key)
		fv := v.Field(i)
		switch {
		case fv.Kind() == reflect.Struct && fv.Type() != durationType && fv.Type() != byteSizeType:
			found = l.applyEnv(fv, fp) || found
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			for j := 0; j < maxEnvItems; j++ {
				ip := fp + "[" + strconv.Itoa(j) + "]"
				if j < fv.Len() {
					found = l.applyEnv(fv.Index(j), ip) || found
					continue
				}
				item := reflect.New(fv.Type().Elem()).Elem()
				if !l.applyEnv(item, ip) {
					break
				}
				found = true
				fv.Set(reflect.Append(fv, item))
				l.where[ip] = pos{env: EnvName(ip) + "_*"}
			}
		default:
			name := EnvName(fp)
			s, ok := l.getenv(name)
			if !ok {
				continue
			}
			found = true
			l.where[fp] = pos{env: name}
			if fv.Kind() == reflect.Slice {
				var items []string
				for part := range strings.SplitSeq(s, ",") {
					if part = strings.TrimSpace(part); part != "" {
						items = append(items, part)
					}
				}
				out := reflect.Zero(fv.Type())
				for _, it := range items {
					out = reflect.Append(out, reflect.ValueOf(it).Convert(fv.Type().Elem()))
				}
				fv.Set(out)
				continue
			}
			if err := setScalar(fv, s); err != nil {
				l.errs = append(l.errs, Error{File: EnvFile, Path: fp, Msg: fmt.Sprintf("%s: %v", name, err)})
			}
		}
	}
	return found
}

// EnvNames lists the environment variables that can override cfg's options, in
// documentation order; list items are shown with index 0.
func EnvNames() []string {
	paths := optionPaths("[0]")
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = EnvName(p)
	}
	return names
}

// optionPaths lists every option of Config by its YAML path, in documentation order:
// "crawl.per_host", "alerts.channels" + listMark + ".smtp_host".
func optionPaths(listMark string) []string {
	var paths []string
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for i := range t.NumField() {
			key := yamlKey(t.Field(i))
			if key == "" {
				continue
			}
			fp := joinPath(path, key)
			ft := t.Field(i).Type
			switch {
			case ft.Kind() == reflect.Struct && ft != durationType && ft != byteSizeType:
				walk(ft, fp)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), fp+listMark)
			default:
				paths = append(paths, fp)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return paths
}
