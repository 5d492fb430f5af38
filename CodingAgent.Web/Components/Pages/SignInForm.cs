using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Web.Components.Pages;

/// <summary>What the sign-in page's form posts.</summary>
public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [MaxLength(Auth.LocalSignIn.MaxInputLength)]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [MaxLength(Auth.LocalSignIn.MaxInputLength)]
    public string Password { get; set; } = "";
}
