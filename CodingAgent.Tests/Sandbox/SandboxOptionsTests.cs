using System.ComponentModel.DataAnnotations;
using CodingAgent.Sandbox;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The validation of sandbox settings that take one of a few words.</summary>
public sealed class SandboxOptionsTests
{
    [Theory]
    [InlineData("Auto", true)]
    [InlineData("Directory", true)]
    [InlineData("Image", false)]
    [InlineData("auto", false)]
    [InlineData("", false)]
    public void Workspace_filesystem_is_Auto_or_Directory(string value, bool valid)
    {
        var options = new SandboxOptions { WorkspaceRoot = "/w", RuntimeDirectory = "/r", WorkspaceFilesystem = value };
        var errors = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, !errors.Any(e => e.MemberNames.Contains(nameof(SandboxOptions.WorkspaceFilesystem))));
    }
}
