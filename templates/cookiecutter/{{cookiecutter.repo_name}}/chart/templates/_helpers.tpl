{{/*
The name of every object: fullnameOverride, else nameOverride, else the chart's name (the
app's name, as in eksgen's own output). One release per app and namespace.
*/}}
{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "app.fullname" -}}
{{- default (include "app.name" .) .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "app.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/name: {{ include "app.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of the app's pods: service.selector, else app: <name> as eksgen defaults it. */}}
{{- define "app.selector" -}}
{{- toYaml (.Values.service.selector | default (dict "app" (include "app.name" .))) }}
{{- end }}
