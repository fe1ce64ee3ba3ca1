using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Signing;

namespace EFiling.Cli.Commands;

/// <summary>`efiling sign FILE --cert PFX`: sign a declaration the way HTKK does (enveloped, #id reference, RSA-SHA256).</summary>
public static class SignCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The declaration to sign." };
        var cert = new Option<FileInfo>("--cert") { Description = "The signer's PFX (its subject carries UID=MST:…).", Required = true };
        var password = new Option<string?>("--password") { Description = "PFX password; default: the EFILING_CERT_PASSWORD environment variable." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the signed file; default: sign in place." };
        var whole = new Option<bool>("--whole-document") { Description = "Reference the whole document (URI=\"\") instead of the signed part's id." };
        var exclusive = new Option<bool>("--exclusive-c14n") { Description = "Use exclusive canonicalisation instead of C14N 1.0." };

        var command = new Command("sign", "Sign a declaration the way HTKK does: an enveloped XMLDSig in the signature block, referencing the signed part.")
        {
            file, cert, password, output, whole, exclusive,
        };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists || !parse.GetValue(cert)!.Exists)
            {
                Console.Error.WriteLine($"No such file: {(input.Exists ? parse.GetValue(cert)!.FullName : input.FullName)}");
                return ExitCodes.Usage;
            }
            var catalogue = FormCatalogue.Load();
            var bytes = File.ReadAllBytes(input.FullName);
            XmlDocument doc;
            try
            {
                doc = EFiling.Declarations.Parsing.SecureXml.Load(bytes, bytes.LongLength);
            }
            catch (XmlException e)
            {
                Console.Error.WriteLine($"{input.Name}: not well-formed XML: {e.Message}");
                return ExitCodes.Invalid;
            }
            var family = catalogue.FamilyByNamespace(doc.DocumentElement!.NamespaceURI);
            var signedPart = family is null ? null : LocalPath.Children(doc.DocumentElement, family.SignedPart).FirstOrDefault();
            var block = family is null ? null : LocalPath.Children(doc.DocumentElement, family.SignatureBlock).FirstOrDefault();
            if (family is null || signedPart is null || block is null)
            {
                Console.Error.WriteLine($"{input.Name}: not a declaration this tool knows (root {{{doc.DocumentElement.NamespaceURI}}}{doc.DocumentElement.LocalName}).");
                return ExitCodes.Invalid;
            }

            var pfxPassword = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("EFILING_CERT_PASSWORD");
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(parse.GetValue(cert)!.FullName, pfxPassword);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                Console.Error.WriteLine($"Cannot open {parse.GetValue(cert)!.Name}: {e.Message}");
                return ExitCodes.Invalid;
            }
            using var _ = certificate;
            if (!certificate.HasPrivateKey)
            {
                Console.Error.WriteLine($"{parse.GetValue(cert)!.Name} holds no private key to sign with.");
                return ExitCodes.Invalid;
            }
            new XmlSigner(certificate, new XmlSignerOptions
            {
                Reference = parse.GetValue(whole) ? ReferenceTarget.WholeDocument : ReferenceTarget.SignedPartId,
                Canonicalization = parse.GetValue(exclusive) ? XmlCanonicalization.Exclusive : XmlCanonicalization.Inclusive,
            }).Sign(doc, signedPart, block);

            var target = parse.GetValue(output)?.FullName ?? input.FullName;
            var hadBom = bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble());
            using (var writer = XmlWriter.Create(target, new XmlWriterSettings { Encoding = new UTF8Encoding(hadBom), NewLineHandling = NewLineHandling.None }))
            {
                doc.Save(writer);
            }
            Console.WriteLine($"Signed {input.Name} as {certificate.Subject} → {target}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
