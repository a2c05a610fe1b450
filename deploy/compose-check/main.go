// compose-check loads docker-compose.yml with compose-go, the library Docker Compose v2 itself uses, so the file is
// validated against the Compose specification without a Docker engine. It prints, as JSON, every service with its
// environment, healthcheck and build so the project's own checks can compare them with what the services read.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

type serviceSummary struct {
	Environment map[string]string `json:"environment"`
	Image       string            `json:"image,omitempty"`
	Dockerfile  string            `json:"dockerfile,omitempty"`
	BuildArgs   map[string]string `json:"buildArgs,omitempty"`
	Healthcheck []string          `json:"healthcheck,omitempty"`
	DependsOn   []string          `json:"dependsOn,omitempty"`
	Restart     string            `json:"restart,omitempty"`
	User        string            `json:"user,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <docker-compose.yml>")
		os.Exit(2)
	}
	path, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions([]string{path},
		cli.WithWorkingDirectory(filepath.Dir(path)),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithName("crumbtrail"),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out := map[string]serviceSummary{}
	for name, svc := range project.Services {
		summary := serviceSummary{Environment: map[string]string{}, Image: svc.Image, Restart: svc.Restart, User: svc.User}
		for key, value := range svc.Environment {
			if value != nil {
				summary.Environment[key] = *value
			} else {
				summary.Environment[key] = ""
			}
		}
		if svc.Build != nil {
			summary.Dockerfile = svc.Build.Dockerfile
			summary.BuildArgs = map[string]string{}
			for key, value := range svc.Build.Args {
				if value != nil {
					summary.BuildArgs[key] = *value
				}
			}
		}
		if svc.HealthCheck != nil {
			summary.Healthcheck = svc.HealthCheck.Test
		}
		for dep := range svc.DependsOn {
			summary.DependsOn = append(summary.DependsOn, dep)
		}
		out[name] = summary
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compose-check:", err)
	os.Exit(1)
}
