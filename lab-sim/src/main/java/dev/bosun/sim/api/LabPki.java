package dev.bosun.sim.api;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's PKI as kubeadm lays it out: a cluster CA, the API server's serving cert and the admin client cert.
 * Used by the simulated API server and, with more names and a service-account key, by the real control plane
 * of the test bed ({@link dev.bosun.sim.testbed.KubeControlPlane}).
 */
public final class LabPki {

  private static final long DAY = 86_400_000L;
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public final KeyPair caKey;
  public final X509Certificate ca;
  public final KeyPair serverKey;
  public final X509Certificate server;
  public final KeyPair adminKey;
  public final X509Certificate admin;

  LabPki() throws GeneralSecurityException {
    this(
        java.util.List.of("127.0.0.1"),
        java.util.List.of("localhost", "kubernetes", "kubernetes.default.svc"),
        "O=kubeadm:cluster-admins,CN=kubernetes-admin");
  }

  /** A CA, a serving cert for these IP and DNS names, and an admin client cert with this subject. */
  public LabPki(
      java.util.List<String> serverIps, java.util.List<String> serverDnsNames, String adminSubject)
      throws GeneralSecurityException {
    try {
      caKey = rsa();
      ca = sign(new X500Name("CN=kubernetes"), caKey, null, caKey, 3650, true, null, null);
      serverKey = rsa();
      java.util.List<ASN1Encodable> sans = new java.util.ArrayList<>();
      serverIps.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
      serverDnsNames.forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
      server = sign(
          new X500Name("CN=kube-apiserver"),
          serverKey,
          ca,
          caKey,
          365,
          false,
          KeyPurposeId.id_kp_serverAuth,
          new DERSequence(sans.toArray(ASN1Encodable[]::new)));
      adminKey = rsa();
      admin = sign(
          new X500Name(adminSubject),
          adminKey,
          ca,
          caKey,
          365,
          false,
          KeyPurposeId.id_kp_clientAuth,
          null);
    } catch (java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the lab PKI", e);
    }
  }

  /** A fresh RSA key pair from the per-JVM pool (e.g. a service-account signing key). */
  public static KeyPair keyPair() throws GeneralSecurityException {
    return rsa();
  }

  /**
   * RSA 2048 key generation costs up to a second on a busy small machine; labs in one JVM draw from a small
   * per-JVM pool (each lab still gets its own CA and certificates, signed afresh).
   */
  private static final KeyPair[] KEY_POOL = new KeyPair[3];

  private static int nextKey;

  private static synchronized KeyPair rsa() throws GeneralSecurityException {
    int slot = nextKey++ % KEY_POOL.length;
    if (KEY_POOL[slot] == null) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KEY_POOL[slot] = g.generateKeyPair();
    }
    return KEY_POOL[slot];
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair key,
      X509Certificate issuer,
      KeyPair issuerKey,
      int days,
      boolean isCa,
      KeyPurposeId purpose,
      DERSequence sans)
      throws java.io.IOException, org.bouncycastle.operator.OperatorCreationException,
          GeneralSecurityException {
    long now = System.currentTimeMillis();
    X500Name issuerName = issuer == null
        ? subject
        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
        issuerName,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        new Date(now - 60_000),
        new Date(now + days * DAY),
        subject,
        key.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(
            isCa
                ? KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    if (purpose != null) {
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }
    if (sans != null) {
      b.addExtension(Extension.subjectAlternativeName, false, sans);
    }
    var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  /** TLS that serves the API server cert and requires a client cert signed by the lab CA (mTLS). */
  SSLContext serverContext() throws GeneralSecurityException, java.io.IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "apiserver", serverKey.getPrivate(), new char[0], new X509Certificate[] {server, ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  public static String certPem(X509Certificate c) {
    try {
      return pem("CERTIFICATE", c.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#1, as kubeadm writes client keys ("RSA PRIVATE KEY"). */
  public static String rsaKeyPem(KeyPair k) {
    try {
      return pem(
          "RSA PRIVATE KEY",
          PrivateKeyInfo.getInstance(k.getPrivate().getEncoded())
              .parsePrivateKey()
              .toASN1Primitive()
              .getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }
}
