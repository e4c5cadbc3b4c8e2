package dev.bosun.workflows.certs;

import dev.bosun.workflows.activities.CertificateExpiry;
import dev.bosun.workflows.rules.CertificateRule;

/** One certificate of one control plane with what {@link CertificateRule} makes of it (message empty when ok). */
public record CertificateRow(
    CertificateExpiry certificate, CertificateRule.Status status, String message) {}
