using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodingAgent.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SessionModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Model",
                table: "sessions",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Model",
                table: "sessions");
        }
    }
}
