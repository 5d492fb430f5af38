# Generates CodingAgent.Tests/Artifacts/hostile-figure.json with Debian's plotly (the sandbox image's):
# docker run --rm -i --network none codingagent-sandbox:TAG python3 - < hostile_figure.py > hostile-figure.json
import plotly.express as px, plotly.graph_objects as go, plotly.io as pio
PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
fig = px.line(x=["2023-01", "2023-02", "2023-03"], y=[10, 12, 9], markers=True,
              title='Monthly <a href="https://evil.example/t">revenue</a> <b>2023</b>',
              labels={"x": "month", "y": "revenue"})
fig.update_traces(customdata=['<a href="javascript:alert(1)">c</a>', "<A HREF='https://evil.example'>d</A>", "plain"],
                  hovertemplate="month=%{x}<br>revenue=%{y}<br>%{customdata}<extra></extra>",
                  text=['<span style="fill:url(https://evil.example/p#x)">styled</span>', "<i>ok</i>", "x"])
fig.add_layout_image(source="http://127.0.0.1:9/leak.png", x=0, y=1, sizex=0.2, sizey=0.2, xref="paper", yref="paper")
fig.add_layout_image(source=PNG, x=0.5, y=1, sizex=0.1, sizey=0.1, xref="paper", yref="paper")
fig.add_layout_image(source="/api/artifacts/2567a1f0-3b7c-4c1e-9a44-0d1f6a2b9c11/content", x=0.8, y=1, sizex=0.1, sizey=0.1, xref="paper", yref="paper")
fig.add_layout_image(source="//evil.example/x.png", x=0.9, y=1, sizex=0.1, sizey=0.1, xref="paper", yref="paper")
fig.layout.template.layout.images = [go.layout.Image(source="https://evil.example/template.png", x=0, y=0)]
fig.add_annotation(text='<a href="javascript:window.__pwned=3">x</a>', x="2023-01", y=10)
fig.add_annotation(text="<a href='http://evil.example/a' target='_blank'>see <b>more</b></a>", x="2023-02", y=12)
fig.add_annotation(text="<%{x} hr%{y}>", x="2023-03", y=9)
fig.update_layout(mapbox={"style": "https://evil.example/style.json",
                          "layers": [{"sourcetype": "raster", "source": ["https://evil.example/{z}/{x}/{y}.png"]},
                                     {"sourcetype": "geojson", "source": {"type": "FeatureCollection", "features": []}}]})
fig.add_trace(go.Choropleth(geojson="https://evil.example/geo.json", locations=["a"], z=[1], featureidkey="id"))
fig.add_trace(go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [1]}))
print(pio.to_json(fig))
