using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodingAgent.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FileVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_files",
                table: "files");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "files",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "BlobKey",
                table: "files",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InputFiles",
                table: "artifacts",
                type: "TEXT",
                maxLength: 100000,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_files",
                table: "files",
                columns: new[] { "SessionId", "Name", "Version" });

            migrationBuilder.CreateTable(
                name: "run_events",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_run_events", x => new { x.RunId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_run_events_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_run_events_SessionId",
                table: "run_events",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "run_events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_files",
                table: "files");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "files");

            migrationBuilder.DropColumn(
                name: "BlobKey",
                table: "files");

            migrationBuilder.DropColumn(
                name: "InputFiles",
                table: "artifacts");

            migrationBuilder.AddPrimaryKey(
                name: "PK_files",
                table: "files",
                columns: new[] { "SessionId", "Name" });
        }
    }
}
