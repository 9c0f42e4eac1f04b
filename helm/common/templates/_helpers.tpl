{{/*
Names, labels and small helpers shared by every movierec service chart.
Values that contain "{{ ... }}" (service URLs, claim names) go through tpl, so a chart
can default to names derived from the release and still be usable on its own.
*/}}

{{- define "movierec-common.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart>, always: the gateway finds "<release>-collab" without asking. */}}
{{- define "movierec-common.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "movierec-common.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "movierec-common.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "movierec-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "movierec-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "movierec-common.labels" -}}
helm.sh/chart: {{ include "movierec-common.chart" . }}
{{ include "movierec-common.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: movierec
app.kubernetes.io/component: {{ .Values.component | default "backend" }}
{{- end -}}

{{- define "movierec-common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "movierec-common.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The global block of an umbrella chart, or an empty dict when the chart stands alone. */}}
{{- define "movierec-common.global" -}}
{{- toYaml (default dict .Values.global) -}}
{{- end -}}

{{/* registry/repository:tag; global.image.registry and global.image.tag win over the chart's defaults. */}}
{{- define "movierec-common.image" -}}
{{- $global := (include "movierec-common.global" . | fromYaml) -}}
{{- $gimage := default dict $global.image -}}
{{- $registry := default .Values.image.registry $gimage.registry -}}
{{- $tag := .Values.image.tag | default $gimage.tag | default .Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The claim holding the MovieLens files: dataset.claimName, else global.dataset.claimName. */}}
{{- define "movierec-common.datasetClaim" -}}
{{- $global := (include "movierec-common.global" . | fromYaml) -}}
{{- $claim := .Values.dataset.claimName | default (dig "dataset" "claimName" "" $global) -}}
{{- tpl $claim . -}}
{{- end -}}

{{/* The claim holding trained artifacts: models.claimName, else global.models.claimName. */}}
{{- define "movierec-common.modelsClaim" -}}
{{- $global := (include "movierec-common.global" . | fromYaml) -}}
{{- $claim := .Values.models.claimName | default (dig "models" "claimName" "" $global) -}}
{{- tpl $claim . -}}
{{- end -}}

{{/* The settings every service reads; the chart adds its own through "<chart>.config". */}}
{{- define "movierec-common.config" -}}
{{- $prefix := printf "MOVIEREC_%s_" (upper .Chart.Name) -}}
{{ $prefix }}HOST: "0.0.0.0"
{{ $prefix }}PORT: {{ .Values.port | quote }}
{{ $prefix }}LOG_LEVEL: {{ .Values.logLevel | quote }}
HOME: /tmp
MOVIEREC_CACHE_DIR: /tmp/movierec-cache
{{- if .Values.dataset.enabled }}
{{- if include "movierec-common.datasetClaim" . }}
MOVIEREC_DATA_DIR: {{ .Values.dataset.mountPath | quote }}
{{- else }}
MOVIEREC_DATA_DIR: {{ .Values.dataset.source | quote }}
{{- end }}
{{- end }}
{{- if .Values.models.enabled }}
MOVIEREC_MODEL_DIR: {{ .Values.models.mountPath | quote }}
{{- if include "movierec-common.modelsClaim" . }}
{{- /* The prepare Job parses the data set into the models volume; read it, don't parse again. */}}
MOVIEREC_PARSE_CACHE_DIR: {{ printf "%s/.parsed" .Values.models.mountPath | quote }}
{{- end }}
{{- end }}
{{- include (printf "%s.config" .Chart.Name) . }}
{{- range $key, $value := .Values.extraConfig }}
{{ $key }}: {{ tpl (toString $value) $ | quote }}
{{- end }}
{{- end -}}

{{- define "movierec-common.probe" -}}
httpGet:
  path: {{ .probe.path }}
  port: http
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end -}}
