using System.Reflection;
using System.Text.RegularExpressions;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot be run here (no image can be pulled), so what can be proved is proved: every setting it
/// passes to the app binds to a property of the app's options (or is one of the few read directly, by name, in the
/// app's code), its values pass the options' validation, every variable it takes from .env is in .env.example, and no
/// secret is written in it.
/// </summary>
public sealed partial class ComposeFileTests
{
    /// <summary>Settings the app reads by name rather than through an options class, and the source file that reads each.</summary>
    private static readonly Dictionary<string, string> _readByName = new()
    {
        ["CODINGAGENT_DATA_DIR"] = "CodingAgent.Web/Extensions/DataPaths.cs",
        ["OPENAI_BASE_URL"] = "CodingAgent.Web/Llm/LlmExtensions.cs",
        ["OPENAI_API_KEY"] = "CodingAgent.Web/Llm/LlmExtensions.cs",
        ["OPENAI_MODEL"] = "CodingAgent.Web/Llm/LlmExtensions.cs",
        ["ConnectionStrings:Postgres"] = "CodingAgent.Web/Data/DataExtensions.cs",
    };

    [Fact]
    public void Every_setting_compose_passes_to_the_app_exists_in_its_options_and_validates()
    {
        var services = Services();
        var apps = services.Where(s => s.Value.Children.ContainsKey("build")).ToList();
        Assert.True(apps.Count >= 2, "compose runs at least two app instances");
        foreach (var (name, service) in apps)
        {
            var environment = Environment(service);
            Assert.Equal("Postgres", environment["Database:Provider"]);
            Assert.Equal("S3", environment["Storage:Provider"]);
            Assert.NotEmpty(environment["Redis:Configuration"]);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key, (string?)Placeholder(e.Value)))).Build();
            // what the app derives from the data folder when it starts (AppExtensions)
            var paths = CodingAgent.Web.Extensions.DataPaths.From(configuration);
            configuration["Sandbox:WorkspaceRoot"] ??= paths.Workspaces;
            configuration["Sandbox:RuntimeDirectory"] ??= paths.Runtime;
            var options = OptionsTypes();
            // a key belongs to the longest section that holds it (Auth:BootstrapAdmin:Email to Auth:BootstrapAdmin, not Auth)
            string SectionOf(string key) =>
                options.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length) ?? key.Split(':')[0];
            foreach (var key in environment.Keys.Where(k => k != "ASPNETCORE_URLS"))
            {
                Assert.True(options.ContainsKey(SectionOf(key)) || _readByName.ContainsKey(key), $"{name}: {key} is not a setting of the app");
            }
            foreach (var (section, types) in options)
            {
                var keys = configuration.AsEnumerable().Where(e => e.Value is not null && string.Equals(SectionOf(e.Key), section, StringComparison.OrdinalIgnoreCase)).Select(e => e.Key).ToList();
                foreach (var type in types)
                {
                    // a section that several options classes share (Profiling: the app's and the sandbox's) gives each the keys of its own properties
                    var own = types.Count == 1 ? keys : [.. keys.Where(k => type.GetProperty(k[(section.Length + 1)..].Split(':')[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null)];
                    var part = new ConfigurationBuilder().AddInMemoryCollection(own.Select(k => KeyValuePair.Create(k, configuration[k]))).Build();
                    var instance = Activator.CreateInstance(type)!;
                    // throws for a key under the section that no property takes
                    part.GetSection(section).Bind(instance, o => o.ErrorOnUnknownConfiguration = true);
                    var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                    Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(instance, new(instance), results, validateAllProperties: true),
                        $"{name}: {section} ({type.Name}): {string.Join("; ", results.Select(r => r.ErrorMessage))}");
                    keys.RemoveAll(own.Contains);
                }
                Assert.True(keys.Count == 0, $"{name}: {string.Join(", ", keys)} is not a setting of the app");
            }
            foreach (var (key, file) in _readByName)
            {
                Assert.Contains(key.Split(':')[^1], File.ReadAllText(Path.Combine(Repository.Root, file)));
            }
        }
    }

    [Fact]
    public void Compose_writes_no_secret_and_env_example_names_every_variable_it_takes()
    {
        var compose = File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml"));
        var example = File.ReadAllLines(Path.Combine(Repository.Root, ".env.example"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToHashSet();
        var used = Variable().Matches(compose).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(example));
        foreach (var (name, service) in Services())
        {
            foreach (var (key, value) in Environment(service))
            {
                if (Regex.IsMatch(key, "Password|Secret|ApiKey|AccessKey|ConnectionStrings|Redis:Configuration", RegexOptions.IgnoreCase))
                {
                    Assert.True(value.Length == 0 || value.Contains("${", StringComparison.Ordinal), $"{name}: {key} has a literal secret");
                }
            }
        }
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")));
    }

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}")]
    private static partial Regex Variable();

    /// <summary>A variable's value as compose would substitute it: its default, else a stand-in (the real one is a secret in .env).</summary>
    private static string Placeholder(string value) =>
        Variable().Replace(value, m => m.Value.Contains(":-", StringComparison.Ordinal) ? m.Value[(m.Value.IndexOf(":-", StringComparison.Ordinal) + 2)..^1] : "placeholder");

    private static Dictionary<string, List<Type>> OptionsTypes() =>
        new[] { typeof(CodingAgent.Core.CoreExtensions), typeof(CodingAgent.Sandbox.SandboxOptions), typeof(Program) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Type.GetConstructor(Type.EmptyTypes) is not null)
            .GroupBy(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type)
            .ToDictionary(g => g.Key, g => g.ToList());

    private static List<KeyValuePair<string, YamlMappingNode>> Services()
    {
        using var reader = new StreamReader(Path.Combine(Repository.Root, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(new MergingParser(new Parser(reader)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlMappingNode)root["services"]).Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value))];
    }

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        service.Children.TryGetValue("environment", out var node) && node is YamlMappingNode environment
            ? environment.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!.Replace("__", ":", StringComparison.Ordinal), c => ((YamlScalarNode)c.Value).Value ?? "")
            : [];
}
