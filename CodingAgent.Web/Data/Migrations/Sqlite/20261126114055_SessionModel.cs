using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodingAgent.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
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
