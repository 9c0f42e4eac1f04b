{{/*
The service's Deployment: non-root, read-only root filesystem with an emptyDir /tmp,
probes on /healthz (alive) and /readyz (model loaded, dependencies answering), the
dataset and model claims mounted read-only. Without a dataset claim the service reads
dataset.source itself (a GroupLens name or s3:// URI) into /tmp; without a model claim it
trains on start into an emptyDir. A chart adds env, volumes and mounts of its
own through "<chart>.env", "<chart>.volumes" and "<chart>.volumeMounts".
*/}}
{{- define "movierec-common.deployment" -}}
{{- $env := include (printf "%s.env" .Chart.Name) . | trim -}}
{{- $volumes := include (printf "%s.volumes" .Chart.Name) . | trim -}}
{{- $mounts := include (printf "%s.volumeMounts" .Chart.Name) . | trim -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "movierec-common.fullname" . }}
  labels:
    {{- include "movierec-common.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "movierec-common.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include "movierec-common.configmap" . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "movierec-common.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "movierec-common.serviceAccountName" . }}
      automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      {{- if and .Values.models.enabled .Values.models.waitForMarker (include "movierec-common.modelsClaim" .) }}
      initContainers:
        # Start on a trained model: wait until the training Job has written its marker.
        - name: wait-for-model
          image: {{ include "movierec-common.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - sh
            - -c
            - until [ -f "$MARKER" ]; do echo "waiting for $MARKER"; sleep 5; done
          env:
            - name: MARKER
              value: {{ printf "%s/%s" .Values.models.mountPath .Values.models.waitForMarker | quote }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
            limits:
              memory: 64Mi
          volumeMounts:
            - name: models
              mountPath: {{ .Values.models.mountPath }}
              readOnly: true
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "movierec-common.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "movierec-common.fullname" . }}
          {{- if or $env .Values.extraEnv }}
          env:
            {{- with $env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
          startupProbe:
            {{- include "movierec-common.probe" (dict "probe" .Values.probes.startup) | nindent 12 }}
          livenessProbe:
            {{- include "movierec-common.probe" (dict "probe" .Values.probes.liveness) | nindent 12 }}
          readinessProbe:
            {{- include "movierec-common.probe" (dict "probe" .Values.probes.readiness) | nindent 12 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if and .Values.dataset.enabled (include "movierec-common.datasetClaim" .) }}
            - name: dataset
              mountPath: {{ .Values.dataset.mountPath }}
              readOnly: true
              {{- with .Values.dataset.subPath }}
              subPath: {{ . }}
              {{- end }}
            {{- end }}
            {{- if .Values.models.enabled }}
            - name: models
              mountPath: {{ .Values.models.mountPath }}
              {{- if include "movierec-common.modelsClaim" . }}
              readOnly: true
              {{- end }}
            {{- end }}
            {{- with $mounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ .Values.tmpSizeLimit }}
        {{- if and .Values.dataset.enabled (include "movierec-common.datasetClaim" .) }}
        - name: dataset
          persistentVolumeClaim:
            claimName: {{ include "movierec-common.datasetClaim" . }}
            readOnly: true
        {{- end }}
        {{- if .Values.models.enabled }}
        - name: models
          {{- $claim := include "movierec-common.modelsClaim" . }}
          {{- if $claim }}
          persistentVolumeClaim:
            claimName: {{ $claim }}
            readOnly: true
          {{- else }}
          emptyDir: {}
          {{- end }}
        {{- end }}
        {{- with $volumes }}
        {{- . | nindent 8 }}
        {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- tpl (toYaml .) $ | nindent 8 }}
      {{- end }}
{{- end -}}
